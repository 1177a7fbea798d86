package io.polybridge.status;

import io.polybridge.polytomic.ExecutionStatus;
import io.polybridge.polytomic.KnownStatus;
import io.polybridge.polytomic.SyncKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, from what a poll saw, which events to publish and what to remember. Pure: no I/O, so every rule is tested
 * directly. The rules:
 *
 * <ul>
 *   <li>same execution, new status: one event, previous to new;
 *   <li>another execution: it is news if it is not terminal, or if it completed after tracking began (it ran between
 *       two polls and still gets its terminal event); a terminal one from before is history, recorded silently;
 *   <li>if the execution we followed was left non-terminal, the caller fetches it ({@link Step#missedExecution}) so its
 *       end is published before the new one's start;
 *   <li>statuses outside the configured terminal set never end tracking, known or not, and neither does an execution
 *       whose status an answer left out or set to null: it is followed until a poll can read one;
 *   <li>an execution never goes back: once its terminal status is published, or a later step of its lifecycle, an
 *       answer showing an earlier one is a stale read (reads of one sync may overlap: a poll, a webhook's, the feed's),
 *       and publishes nothing;
 *   <li>an execution with a deadline (a {@code start}'s {@code timeout}) that is not terminal by then is timed out:
 *       one {@code timed-out} event, and the caller cancels it ({@link Step#cancelExecution}) until the cancel is
 *       accepted.
 * </ul>
 */
final class Tracker {

    /** Slack for clocks: an execution that completed this long before tracking began still counts as news. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    private static final String CANCELING = "canceling";

    private final TerminalStatuses terminal;
    private final Duration cancelTimeout;

    Tracker(TerminalStatuses terminal, Duration cancelTimeout) {
        this.terminal = terminal;
        this.cancelTimeout = cancelTimeout;
    }

    /**
     * The outcome of one observation.
     *
     * @param missedExecution an execution that ended unseen: the caller reads it and observes it first
     * @param cancelExecution an execution past its deadline: the caller cancels it
     */
    record Step(List<StatusEvent> events, TrackedSync next, String missedExecution, String cancelExecution) {

        Step(List<StatusEvent> events, TrackedSync next, String missedExecution) {
            this(events, next, missedExecution, null);
        }
    }

    Step observe(TrackedSync tracked, Observation seen, Instant now) {
        List<StatusEvent> events = new ArrayList<>();
        TrackedSync next = tracked;
        String missed = null;
        if (seen != null && seen.executionId() != null && seen.status() != null) {
            if (seen.executionId().equals(tracked.executionId())) {
                if (!seen.status().equals(tracked.lastStatus()) && !goesBack(tracked, seen.status())) {
                    events.add(changed(tracked, seen, tracked.lastStatus(), now));
                    next = tracked.following(seen.executionId(), seen.status(), terminal.isTerminal(seen.status()));
                }
            } else if (isNews(tracked, seen)) {
                if (tracked.executionId() != null && tracked.lastStatus() != null && !tracked.lastTerminal()) {
                    return new Step(List.of(), tracked, tracked.executionId());
                }
                events.add(changed(tracked, seen, null, now));
                next = tracked.following(seen.executionId(), seen.status(), terminal.isTerminal(seen.status()));
            } else if (tracked.executionId() == null) {
                next = tracked.following(seen.executionId(), seen.status(), terminal.isTerminal(seen.status()));
            }
        } else if (seen != null && seen.executionId() != null && tracked.executionId() == null) {
            // An execution whose status the answer left out: followed until a poll can read one, never ended blind.
            next = tracked.expectingExecution(seen.executionId());
        }
        if ((seen == null || seen.executionId() == null) && next.cancelRequestedAt() != null) {
            // Nothing runs: the cancel has nothing left to wait for.
            next = next.following(next.executionId(), next.lastStatus(), true);
        }
        if (cancelOverdue(next, now)) {
            events.add(cancelTimeout(next, now));
            next = next.withCancelWarned();
        }
        String cancel = null;
        if (pastDeadline(next, now)) {
            if (next.timedOutAt() == null) {
                events.add(timedOut(next, now));
                next = next.withTimedOut(now);
            }
            // Until a cancel is accepted (or the execution is already being canceled), the caller asks for one.
            if (next.cancelRequestedAt() == null && !CANCELING.equals(next.lastStatus())) {
                cancel = next.executionId();
            }
        }
        return new Step(events, next, missed, cancel);
    }

    /** Whether {@code status} is an earlier step of the lifecycle than the one last published for the execution. */
    private boolean goesBack(TrackedSync tracked, String status) {
        if (tracked.lastTerminal()) {
            return true;
        }
        int seen = rank(status);
        int last = rank(tracked.lastStatus());
        return seen >= 0 && last >= 0 && seen < last;
    }

    /**
     * Where a status lies in the lifecycle (created, waiting, running, finishing, canceling, ended); -1 for statuses
     * the definition does not name, which are never judged stale.
     */
    private int rank(String status) {
        if (status == null) {
            return -1;
        }
        if (terminal.isTerminal(status)) {
            return 5;
        }
        switch (status) {
            case "created":
                return 0;
            case "scheduled":
            case "queued":
            case "waiting":
                return 1;
            case "running":
                return 2;
            case "processing":
            case "exporting":
                return 3;
            case CANCELING:
                return 4;
            default:
                return -1;
        }
    }

    private static boolean pastDeadline(TrackedSync tracked, Instant now) {
        return tracked.deadline() != null
                && tracked.executionId() != null
                && !tracked.lastTerminal()
                && !now.isBefore(tracked.deadline());
    }

    /**
     * Tracking of a sync that is not watched ends, after a poll, once its execution is terminal, or when nothing runs
     * and nothing is expected (an activate of an idle sync), and no cancel is pending.
     */
    boolean finished(TrackedSync tracked) {
        return !tracked.watched()
                && tracked.cancelRequestedAt() == null
                && (tracked.lastTerminal() || tracked.executionId() == null);
    }

    private boolean isNews(TrackedSync tracked, Observation seen) {
        if (!terminal.isTerminal(seen.status())) {
            return true;
        }
        return seen.completedAt() != null
                && !seen.completedAt().toInstant().isBefore(tracked.since().minus(CLOCK_SLACK));
    }

    private boolean cancelOverdue(TrackedSync tracked, Instant now) {
        return tracked.cancelRequestedAt() != null
                && !tracked.cancelWarned()
                && !tracked.lastTerminal()
                && now.isAfter(tracked.cancelRequestedAt().plus(cancelTimeout));
    }

    private StatusEvent changed(TrackedSync tracked, Observation seen, String previous, Instant now) {
        return new StatusEvent(
                StatusEvent.STATUS_CHANGED,
                tracked.syncId(),
                tracked.kind(),
                seen.executionId(),
                previous,
                seen.status(),
                terminal.isTerminal(seen.status()),
                known(tracked.kind(), seen.status()),
                now,
                seen.startedAt(),
                seen.completedAt(),
                seen.recordCount(),
                seen.errorCount(),
                seen.warningCount(),
                seen.statusMessage(),
                tracked.kind() == SyncKind.BULK ? seen.schemas() : null,
                null);
    }

    private StatusEvent cancelTimeout(TrackedSync tracked, Instant now) {
        String message = "cancel requested at " + tracked.cancelRequestedAt() + " has not taken effect after "
                + cancelTimeout + "; still tracking";
        return notice(StatusEvent.CANCEL_TIMEOUT, tracked, now, message);
    }

    /** An event about the tracking of an unchanged, running execution: its status stays what it was. */
    private StatusEvent notice(String type, TrackedSync tracked, Instant now, String message) {
        return new StatusEvent(
                type,
                tracked.syncId(),
                tracked.kind(),
                tracked.executionId(),
                tracked.lastStatus(),
                tracked.lastStatus(),
                false,
                known(tracked.kind(), tracked.lastStatus()),
                now,
                null,
                null,
                null,
                null,
                null,
                message,
                null,
                null);
    }

    private StatusEvent timedOut(TrackedSync tracked, Instant now) {
        String message = "not terminal by its deadline " + tracked.deadline() + ": cancel requested";
        return notice(StatusEvent.TIMED_OUT, tracked, now, message);
    }

    /**
     * Tracking of a sync ends without a terminal status (the API says the sync does not exist): the last word about
     * it, with the last status seen as {@code previousStatus} and no status of its own.
     */
    StatusEvent trackingEnded(TrackedSync tracked, String reason, String detail, Instant now) {
        return new StatusEvent(
                StatusEvent.TRACKING_ENDED,
                tracked.syncId(),
                tracked.kind(),
                tracked.executionId(),
                tracked.lastStatus(),
                null,
                false,
                false,
                now,
                null,
                null,
                null,
                null,
                null,
                detail,
                null,
                reason);
    }

    static boolean known(SyncKind kind, String status) {
        return status != null
                && ExecutionStatus.of(status)
                        .isKnownFor(kind == SyncKind.MODEL ? KnownStatus.Scope.MODEL : KnownStatus.Scope.BULK);
    }
}
