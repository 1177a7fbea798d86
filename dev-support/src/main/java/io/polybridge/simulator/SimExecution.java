package io.polybridge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One execution. Its status is computed from timestamps on every read (created, then running, then its outcome;
 * canceling then canceled after a cancel), so no timer or thread drives the lifecycle.
 */
final class SimExecution {

    /** What a bulk start asked for; {@code schemas} null means every schema of the sync. */
    record BulkRequest(boolean test, boolean resync, String fetchMode, List<String> schemas) {
        static final BulkRequest DEFAULT = new BulkRequest(false, false, "none", null);
    }

    final String id = UUID.randomUUID().toString();
    final Instant createdAt;
    final Instant startedAt;
    final Instant completesAt;
    final String outcome;
    final String failureMessage;
    final String type;
    private final Duration cancelDelay;
    private volatile Instant cancelRequestedAt;
    private volatile String forcedStatus;
    /** Set by a bulk start through the API; shown in the execution, and only its schemas run. */
    volatile BulkRequest bulkRequest = BulkRequest.DEFAULT;

    SimExecution(
            Instant now,
            Duration createdPhase,
            Duration runDuration,
            Duration cancelDelay,
            String failure,
            String type) {
        this.createdAt = now;
        this.startedAt = now.plus(createdPhase);
        this.completesAt = startedAt.plus(runDuration);
        this.outcome = failure == null ? "completed" : "failed";
        this.failureMessage = failure;
        this.cancelDelay = cancelDelay;
        this.type = type;
    }

    String status(Instant now) {
        if (forcedStatus != null) {
            return forcedStatus;
        }
        Instant requested = cancelRequestedAt;
        if (requested != null && requested.isBefore(completesAt)) {
            return now.isBefore(requested.plus(cancelDelay)) ? "canceling" : "canceled";
        }
        if (now.isBefore(startedAt)) {
            return "created";
        }
        return now.isBefore(completesAt) ? "running" : outcome;
    }

    boolean terminal(Instant now) {
        String status = status(now);
        return status.equals("completed") || status.equals("failed") || status.equals("canceled");
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
    }
}
