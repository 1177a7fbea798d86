package io.polybridge.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One simulated sync, and the test's handle on it: timing, failures on demand, forced statuses. */
public final class SimSync {

    /** Whether a sync is a model sync or a bulk sync. */
    public enum Kind {
        MODEL,
        BULK
    }

    /** A read-only look at an execution. */
    public record ExecutionView(String id, String status) {}

    private final String id;
    private final Kind kind;
    private final List<String> schemas;
    private final Clock clock;
    private final SimulatorOptions defaults;
    private final List<SimExecution> executions = new ArrayList<>();
    private volatile boolean active;
    private volatile Duration runDuration;
    private volatile Duration cancelDelay;
    private volatile String nextFailure;
    private volatile Duration schedule;

    SimSync(String id, Kind kind, boolean active, List<String> schemas, Clock clock, SimulatorOptions defaults) {
        this.id = id;
        this.kind = kind;
        this.active = active;
        this.schemas = List.copyOf(schemas);
        this.clock = clock;
        this.defaults = defaults;
        this.runDuration = defaults.runDuration();
        this.cancelDelay = defaults.cancelDelay();
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
        this.nextFailure = message;
        return this;
    }

    /** Sets the current (else last) execution's status to any value, unknown ones included. */
    public synchronized SimSync forceStatus(String rawStatus) {
        latest().orElseThrow(() -> new IllegalStateException("sync " + id + " has no execution"))
                .force(rawStatus);
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

    /** An execution that stays {@code created} for {@code createdPhase} before it runs. */
    synchronized SimExecution start(String type, Duration createdPhase) {
        SimExecution execution =
                new SimExecution(clock.instant(), createdPhase, runDuration, cancelDelay, nextFailure, type);
        nextFailure = null;
        executions.add(execution);
        return execution;
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
}
