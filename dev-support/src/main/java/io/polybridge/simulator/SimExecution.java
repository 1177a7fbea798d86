package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One execution. Its status is computed from timestamps on every read, so no timer or thread drives the lifecycle:
 * {@code created}, then waiting ({@code scheduled}/{@code queued}/{@code waiting}), {@code running}, finishing
 * ({@code processing}/{@code exporting}), then its ending ({@code completed}, {@code failed}, {@code errors},
 * {@code interrupted}); {@code canceling} then {@code canceled} after a cancel. A zero-length phase is skipped.
 */
final class SimExecution {

    /** The statuses after which nothing changes any more. */
    static final Set<String> TERMINAL = Set.of("completed", "failed", "canceled", "errors", "interrupted");

    /** How long each phase lasts. */
    record Phases(Duration created, Duration pending, Duration running, Duration finishing, Duration cancel) {}

    /**
     * How an execution ends when no cancel comes first: its status, the message that goes with it, and whether a model
     * run that completed did so with errors (its event is then {@code sync.completed_with_errors}).
     */
    record Ending(String status, String message, boolean withErrors) {

        static final Ending COMPLETED = new Ending("completed", null, false);

        Ending(String status, String message) {
            this(status, message, false);
        }
    }

    /** What a bulk start asked for; {@code schemas} null means every schema of the sync. */
    record BulkRequest(boolean test, boolean resync, String fetchMode, List<String> schemas) {
        static final BulkRequest DEFAULT = new BulkRequest(false, false, "none", null);
    }

    final String id = UUID.randomUUID().toString();
    final Instant createdAt;
    private final Instant pendingAt;
    final Instant startedAt;
    private final Instant finishingAt;
    final Instant completesAt;
    final Ending ending;
    final String type;
    private final String pendingStatus;
    private final String finishingStatus;
    private final Duration cancelDelay;
    private volatile Instant cancelRequestedAt;
    private volatile String forcedStatus;
    private volatile RawStatus rawStatus;
    /** Set by a bulk start through the API; shown in the execution, and only its schemas run. */
    volatile BulkRequest bulkRequest = BulkRequest.DEFAULT;

    /** A status field written as raw JSON (null, a number, an object), or left out: what no definition allows. */
    record RawStatus(JsonNode json) {

        boolean omitted() {
            return json == null;
        }
    }

    SimExecution(Instant now, Phases phases, Ending ending, String type, String pendingStatus, String finishingStatus) {
        this.createdAt = now;
        this.pendingAt = now.plus(phases.created());
        this.startedAt = pendingAt.plus(phases.pending());
        this.finishingAt = startedAt.plus(phases.running());
        this.completesAt = finishingAt.plus(phases.finishing());
        this.ending = ending;
        this.cancelDelay = phases.cancel();
        this.type = type;
        this.pendingStatus = pendingStatus;
        this.finishingStatus = finishingStatus;
    }

    String status(Instant now) {
        if (forcedStatus != null) {
            return forcedStatus;
        }
        Instant requested = cancelRequestedAt;
        if (requested != null && requested.isBefore(completesAt)) {
            return now.isBefore(requested.plus(cancelDelay)) ? "canceling" : "canceled";
        }
        if (now.isBefore(pendingAt)) {
            return "created";
        }
        if (now.isBefore(startedAt)) {
            return pendingStatus;
        }
        if (now.isBefore(finishingAt)) {
            return "running";
        }
        return now.isBefore(completesAt) ? finishingStatus : ending.status();
    }

    boolean terminal(Instant now) {
        return rawStatus == null && TERMINAL.contains(status(now));
    }

    /** The ending's message, once the execution has ended that way. */
    String endingMessage(Instant now) {
        return ending.status().equals(status(now)) ? ending.message() : null;
    }

    Instant completedAt(Instant now) {
        if (!terminal(now)) {
            return null;
        }
        Instant requested = cancelRequestedAt;
        if (requested != null && requested.isBefore(completesAt)) {
            return requested.plus(cancelDelay);
        }
        return completesAt;
    }

    /** When a requested cancel takes effect; null when none was requested before the end. */
    Instant cancelCompletesAt() {
        Instant requested = cancelRequestedAt;
        return requested != null && requested.isBefore(completesAt) ? requested.plus(cancelDelay) : null;
    }

    /** The instant the execution starts running, whether or not it has yet. */
    Instant runningAt() {
        return startedAt;
    }

    Instant startedAtIfStarted(Instant now) {
        return now.isBefore(startedAt) ? null : startedAt;
    }

    /** Records a cancel; a second one, or one after the end, changes nothing. */
    void cancel(Instant now) {
        if (cancelRequestedAt == null && !terminal(now)) {
            cancelRequestedAt = now;
        }
    }

    void force(String status) {
        this.forcedStatus = status;
        this.rawStatus = null;
    }

    void forceRaw(RawStatus raw) {
        this.rawStatus = raw;
    }

    /** Set when the status fields are to be written as raw JSON instead of the status. */
    RawStatus rawStatus() {
        return rawStatus;
    }
}
