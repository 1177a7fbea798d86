package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One simulated sync, and the test's handle on it: timing, endings on demand (failed, finished with errors,
 * interrupted), the statuses an execution waits and finishes in, forced statuses.
 */
public final class SimSync {

    /** Whether a sync is a model sync or a bulk sync. */
    public enum Kind {
        MODEL,
        BULK
    }

    /** Told of every execution that starts or changes otherwise than by time passing: the event log listens. */
    interface Lifecycle {
        Lifecycle NONE = new Lifecycle() {};

        default void started(SimSync sync, SimExecution execution) {}

        default void changed(SimSync sync, SimExecution execution) {}
    }

    /** A read-only look at an execution. */
    public record ExecutionView(String id, String status) {

        /** Ended: nothing about it changes any more. */
        public boolean terminal() {
            return SimExecution.TERMINAL.contains(status);
        }
    }

    /** Where the definition lets each kind wait and finish (model: no exporting; bulk: only scheduled). */
    private static final Set<String> MODEL_PENDING = Set.of("scheduled", "queued", "waiting");

    private static final Set<String> BULK_PENDING = Set.of("scheduled");
    private static final Set<String> MODEL_FINISHING = Set.of("processing");
    private static final Set<String> BULK_FINISHING = Set.of("processing", "exporting");

    private final String id;
    private final Kind kind;
    private final List<String> schemas;
    private final Clock clock;
    private final SimulatorOptions defaults;
    private final List<SimExecution> executions = new ArrayList<>();
    private volatile boolean active;
    private volatile Duration runDuration;
    private volatile Duration cancelDelay;
    private volatile SimExecution.Ending nextEnding = SimExecution.Ending.COMPLETED;
    private volatile String pendingStatus;
    private volatile String finishingStatus;
    private volatile Duration schedule;
    private volatile Lifecycle lifecycle = Lifecycle.NONE;

    SimSync(String id, Kind kind, boolean active, List<String> schemas, Clock clock, SimulatorOptions defaults) {
        this.id = id;
        this.kind = kind;
        this.active = active;
        this.schemas = List.copyOf(schemas);
        this.clock = clock;
        this.defaults = defaults;
        this.runDuration = defaults.runDuration();
        this.cancelDelay = defaults.cancelDelay();
        this.finishingStatus = kind == Kind.MODEL ? "processing" : "exporting";
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public boolean active() {
        return active;
    }

    public List<String> schemas() {
        return schemas;
    }

    /** How long the next executions run before completing. */
    public SimSync runDuration(Duration duration) {
        this.runDuration = duration;
        return this;
    }

    /** How long the next executions stay canceling after a cancel. */
    public SimSync cancelDelay(Duration delay) {
        this.cancelDelay = delay;
        return this;
    }

    /**
     * Runs on a schedule of this period: status answers then carry the next execution time (while the sync is
     * active). The simulator does not start scheduled runs by itself; {@link #startExecution()} does.
     */
    public SimSync schedule(Duration every) {
        this.schedule = every;
        return this;
    }

    /** The next scheduled run after {@code now}, on the period's grid; null without a schedule or while inactive. */
    java.time.Instant nextExecutionTime(java.time.Instant now) {
        Duration every = schedule;
        if (every == null || !active) {
            return null;
        }
        long period = every.toMillis();
        return java.time.Instant.ofEpochMilli((now.toEpochMilli() / period + 1) * period);
    }

    /** The next execution ends failed. */
    public SimSync failNext() {
        return failWith("simulated failure");
    }

    public SimSync failWith(String message) {
        this.nextEnding = new SimExecution.Ending("failed", message);
        return this;
    }

    /**
     * The next execution of this model sync completes with errors: its status is {@code completed}, its errors are
     * listed, and its event is {@code sync.completed_with_errors}.
     */
    public SimSync completeWithErrorsNext() {
        if (kind != Kind.MODEL) {
            throw new IllegalStateException("bulk executions end in 'errors' instead: errorsNext()");
        }
        this.nextEnding = new SimExecution.Ending("completed", "completed with errors", true);
        return this;
    }

    /** The next execution of this bulk sync finishes with errors ({@code errors}; model executions have none). */
    public SimSync errorsNext() {
        if (kind != Kind.BULK) {
            throw new IllegalStateException("only bulk executions end in 'errors'");
        }
        this.nextEnding = new SimExecution.Ending("errors", "completed with errors");
        return this;
    }

    /** The next execution ends {@code interrupted}. */
    public SimSync interruptNext() {
        this.nextEnding = new SimExecution.Ending("interrupted", "simulated interruption");
        return this;
    }

    /**
     * The status the next executions wait in before running: model {@code scheduled}, {@code queued} or
     * {@code waiting}, bulk {@code scheduled}. Unset, a model sync's manual start waits {@code queued} and its scheduled
     * runs {@code scheduled}.
     */
    public SimSync waitsIn(String status) {
        requireOneOf(status, kind == Kind.MODEL ? MODEL_PENDING : BULK_PENDING);
        this.pendingStatus = status;
        return this;
    }

    /** The status the next executions finish in after running: {@code processing}, or for bulk {@code exporting}. */
    public SimSync finishesIn(String status) {
        requireOneOf(status, kind == Kind.MODEL ? MODEL_FINISHING : BULK_FINISHING);
        this.finishingStatus = status;
        return this;
    }

    private void requireOneOf(String status, Set<String> allowed) {
        if (!allowed.contains(status)) {
            throw new IllegalArgumentException(kind + " executions have no phase '" + status + "' here: " + allowed);
        }
    }

    /** Sets the current (else last) execution's status to any value, unknown ones included. */
    public synchronized SimSync forceStatus(String rawStatus) {
        SimExecution execution =
                latest().orElseThrow(() -> new IllegalStateException("sync " + id + " has no execution"));
        execution.force(rawStatus);
        lifecycle.changed(this, execution);
        return this;
    }

    /**
     * Writes the current (else last) execution's status fields as this raw JSON ({@code null}, {@code 42},
     * {@code {}}…), or leaves them out when given null: answers no definition allows, which a client must survive.
     */
    public synchronized SimSync forceRawStatus(String json) {
        JsonNode raw;
        try {
            raw = json == null ? null : new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
        latest().orElseThrow(() -> new IllegalStateException("sync " + id + " has no execution"))
                .forceRaw(new SimExecution.RawStatus(raw));
        return this;
    }

    /** Starts an execution as if Polytomic's scheduler did, bypassing HTTP; returns its ID. */
    public synchronized String startExecution() {
        return start("scheduled").id;
    }

    public synchronized Optional<ExecutionView> currentExecution() {
        return current().map(e -> new ExecutionView(e.id, e.status(clock.instant())));
    }

    /** Every execution so far, oldest first. */
    public synchronized List<ExecutionView> allExecutions() {
        return executions.stream()
                .map(e -> new ExecutionView(e.id, e.status(clock.instant())))
                .toList();
    }

    public synchronized Optional<ExecutionView> lastExecution() {
        return latest().map(e -> new ExecutionView(e.id, e.status(clock.instant())));
    }

    synchronized SimExecution start(String type) {
        return start(type, defaults.createdPhase());
    }

    /** An execution that stays {@code created} for {@code createdPhase} before it goes on. */
    synchronized SimExecution start(String type, Duration createdPhase) {
        SimExecution.Phases phases = new SimExecution.Phases(
                createdPhase, defaults.pendingPhase(), runDuration, defaults.finishPhase(), cancelDelay);
        SimExecution execution =
                new SimExecution(clock.instant(), phases, nextEnding, type, pendingStatus(type), finishingStatus);
        nextEnding = SimExecution.Ending.COMPLETED;
        executions.add(execution);
        lifecycle.started(this, execution);
        return execution;
    }

    private String pendingStatus(String type) {
        if (pendingStatus != null) {
            return pendingStatus;
        }
        return kind == Kind.MODEL && "manual".equals(type) ? "queued" : "scheduled";
    }

    /** Every execution, oldest first. */
    synchronized List<SimExecution> executions() {
        return List.copyOf(executions);
    }

    synchronized Optional<SimExecution> current() {
        return latest().filter(e -> !e.terminal(clock.instant()));
    }

    synchronized Optional<SimExecution> latest() {
        return executions.isEmpty() ? Optional.empty() : Optional.of(executions.get(executions.size() - 1));
    }

    /** The newest terminal execution. */
    synchronized Optional<SimExecution> lastTerminal() {
        for (int i = executions.size() - 1; i >= 0; i--) {
            if (executions.get(i).terminal(clock.instant())) {
                return Optional.of(executions.get(i));
            }
        }
        return Optional.empty();
    }

    synchronized Optional<SimExecution> execution(String executionId) {
        return executions.stream().filter(e -> e.id.equals(executionId)).findFirst();
    }

    void active(boolean value) {
        this.active = value;
    }

    void lifecycle(Lifecycle listener) {
        this.lifecycle = listener;
    }

    /** An execution changed by a request (a cancel): the event log looks at it again. */
    void changed(SimExecution execution) {
        lifecycle.changed(this, execution);
    }
}
