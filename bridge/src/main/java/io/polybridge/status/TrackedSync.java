package io.polybridge.status;

import io.polybridge.polytomic.SyncKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * What the bridge knows of one tracked sync; persisted to the tracking-state topic after every change, so a restart or
 * a new owner continues exactly where publishing stopped.
 *
 * @param executionId the execution being followed, null until one is seen
 * @param lastStatus the last status published for it, null when none yet
 * @param since when tracking (re)started: a terminal execution completed before this is history, not news
 * @param watched tracked permanently (watch list), not only until the current execution ends
 * @param deadline when a {@code start}'s {@code timeout} runs out for the followed execution; null without one
 * @param timedOutAt when the deadline was found passed ({@code timed-out} published); null before
 */
@RegisterForReflection
public record TrackedSync(
        String syncId,
        SyncKind kind,
        int partition,
        String executionId,
        String lastStatus,
        boolean lastTerminal,
        Instant since,
        boolean watched,
        Instant cancelRequestedAt,
        boolean cancelWarned,
        int idleCycles,
        Instant nextPollAt,
        Instant deadline,
        Instant timedOutAt) {

    static TrackedSync start(String syncId, SyncKind kind, int partition, Instant now, boolean watched) {
        return new TrackedSync(
                syncId, kind, partition, null, null, false, now, watched, null, false, 0, now, null, null);
    }

    /**
     * Running, waiting on a cancel, or not seen yet after a command: polled every cycle. A watched sync that has never
     * run is idle, not active: polled every cycle, a thousand of them used up the whole call budget for nothing.
     */
    boolean active() {
        return (executionId != null && !lastTerminal) || cancelRequestedAt != null || (lastStatus == null && !watched);
    }

    /** Now following {@code execution} in {@code status}; a terminal status ends its deadline too. */
    TrackedSync following(String execution, String status, boolean terminal) {
        return new TrackedSync(
                syncId,
                kind,
                partition,
                execution,
                status,
                terminal,
                since,
                watched,
                terminal ? null : cancelRequestedAt,
                terminal ? false : cancelWarned,
                idleCycles,
                nextPollAt,
                terminal ? null : deadline,
                terminal ? null : timedOutAt);
    }

    TrackedSync cancelRequested(Instant at) {
        return new TrackedSync(
                syncId,
                kind,
                partition,
                executionId,
                lastStatus,
                lastTerminal,
                since,
                watched,
                at,
                false,
                0,
                at,
                deadline,
                timedOutAt);
    }

    TrackedSync withCancelWarned() {
        return new TrackedSync(
                syncId,
                kind,
                partition,
                executionId,
                lastStatus,
                lastTerminal,
                since,
                watched,
                cancelRequestedAt,
                true,
                idleCycles,
                nextPollAt,
                deadline,
                timedOutAt);
    }

    /** A new command: tracking starts over from now (a start's deadline stays with its execution). */
    TrackedSync restartedAt(Instant now, boolean keepWatched) {
        return new TrackedSync(
                syncId,
                kind,
                partition,
                executionId,
                lastStatus,
                lastTerminal,
                now,
                watched || keepWatched,
                cancelRequestedAt,
                cancelWarned,
                0,
                now,
                deadline,
                timedOutAt);
    }

    TrackedSync expectingExecution(String execution) {
        return new TrackedSync(
                syncId,
                kind,
                partition,
                execution,
                null,
                false,
                since,
                watched,
                cancelRequestedAt,
                cancelWarned,
                0,
                nextPollAt,
                deadline,
                timedOutAt);
    }

    /** The followed execution must be terminal by {@code at}, or it is canceled; null for no deadline. */
    TrackedSync withDeadline(Instant at) {
        return new TrackedSync(
                syncId,
                kind,
                partition,
                executionId,
                lastStatus,
                lastTerminal,
                since,
                watched,
                cancelRequestedAt,
                cancelWarned,
                idleCycles,
                nextPollAt,
                at,
                null);
    }

    TrackedSync withTimedOut(Instant at) {
        return new TrackedSync(
                syncId,
                kind,
                partition,
                executionId,
                lastStatus,
                lastTerminal,
                since,
                watched,
                cancelRequestedAt,
                cancelWarned,
                idleCycles,
                nextPollAt,
                deadline,
                at);
    }

    TrackedSync polled(Instant nextPoll, int idle) {
        return new TrackedSync(
                syncId,
                kind,
                partition,
                executionId,
                lastStatus,
                lastTerminal,
                since,
                watched,
                cancelRequestedAt,
                cancelWarned,
                idle,
                nextPoll,
                deadline,
                timedOutAt);
    }
}
