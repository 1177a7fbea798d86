package io.polybridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.TestConfigs;
import io.polybridge.polytomic.SyncKind;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackerTest {

    static final String SYNC = "248df4b7-aa70-47b8-a036-33ac447e668d";
    static final String EXEC_A = "7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c";
    static final String EXEC_B = "0b5d3c11-4b8d-4f1e-a9c3-6d5e2f8b1a7c";
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final Tracker tracker = new Tracker(new TerminalStatuses(TestConfigs.bridge()), Duration.ofMinutes(5));

    private static Observation seen(String execution, String status, Instant completedAt) {
        return new Observation(
                execution,
                status,
                OffsetDateTime.ofInstant(T0, ZoneOffset.UTC),
                completedAt == null ? null : OffsetDateTime.ofInstant(completedAt, ZoneOffset.UTC),
                10L,
                0L,
                1L,
                null,
                List.of());
    }

    private static TrackedSync fresh() {
        return TrackedSync.start(SYNC, SyncKind.MODEL, 0, T0, false);
    }

    private static List<String> transitions(Tracker.Step step) {
        return step.events().stream()
                .map(e -> e.previousStatus() + "->" + e.status())
                .toList();
    }

    @Test
    void startedExecutionIsFollowedFromCreationToCompletion() {
        TrackedSync t = fresh().expectingExecution(EXEC_A);
        Tracker.Step running = tracker.observe(t, seen(EXEC_A, "running", null), T0.plusSeconds(1));
        Tracker.Step same = tracker.observe(running.next(), seen(EXEC_A, "running", null), T0.plusSeconds(2));
        Tracker.Step done =
                tracker.observe(same.next(), seen(EXEC_A, "completed", T0.plusSeconds(3)), T0.plusSeconds(4));

        assertThat(transitions(running)).containsExactly("null->running");
        assertThat(same.events()).isEmpty();
        assertThat(transitions(done)).containsExactly("running->completed");
        StatusEvent terminal = done.events().get(0);
        assertThat(terminal.terminal()).isTrue();
        assertThat(terminal.knownStatus()).isTrue();
        assertThat(terminal.recordCount()).isEqualTo(10L);
        assertThat(tracker.finished(done.next())).isTrue();
    }

    @Test
    void executionThatRanBetweenTwoPollsStillGetsItsTerminalEvent() {
        Tracker.Step step = tracker.observe(fresh(), seen(EXEC_A, "failed", T0.plusSeconds(5)), T0.plusSeconds(6));
        assertThat(transitions(step)).containsExactly("null->failed");
        assertThat(step.events().get(0).terminal()).isTrue();
    }

    @Test
    void terminalExecutionFromBeforeTrackingIsHistoryNotNews() {
        Tracker.Step step = tracker.observe(fresh(), seen(EXEC_A, "completed", T0.minusSeconds(3600)), T0);
        assertThat(step.events()).isEmpty();
        assertThat(step.next().executionId()).isEqualTo(EXEC_A);
        assertThat(step.next().lastTerminal()).isTrue();
    }

    @Test
    void newExecutionAfterATerminalOneIsTrackedAsNew() {
        TrackedSync watched =
                TrackedSync.start(SYNC, SyncKind.MODEL, 0, T0, true).following(EXEC_A, "completed", true);
        Tracker.Step step = tracker.observe(watched, seen(EXEC_B, "running", null), T0.plusSeconds(10));
        assertThat(transitions(step)).containsExactly("null->running");
        assertThat(step.events().get(0).executionId()).isEqualTo(EXEC_B);
        assertThat(tracker.finished(watched)).isFalse();
    }

    @Test
    void followedExecutionReplacedBeforeItEndedIsFetchedFirst() {
        TrackedSync t = fresh().following(EXEC_A, "running", false);
        Tracker.Step step = tracker.observe(t, seen(EXEC_B, "running", null), T0.plusSeconds(10));
        assertThat(step.missedExecution()).isEqualTo(EXEC_A);
        assertThat(step.events()).isEmpty();
        assertThat(step.next()).isEqualTo(t);
    }

    @Test
    void aRunThatFinishedWithErrorsOrWasInterruptedEndsTrackingByDefault() {
        for (String ending : List.of("errors", "interrupted")) {
            TrackedSync t = TrackedSync.start(SYNC, SyncKind.BULK, 0, T0, false).following(EXEC_A, "running", false);
            Tracker.Step step = tracker.observe(t, seen(EXEC_A, ending, T0.plusSeconds(5)), T0.plusSeconds(6));

            assertThat(transitions(step)).as(ending).containsExactly("running->" + ending);
            assertThat(step.events().get(0).terminal()).as(ending).isTrue();
            assertThat(step.events().get(0).knownStatus()).as(ending).isTrue();
            assertThat(step.next().active()).as(ending).isFalse();
            assertThat(tracker.finished(step.next())).as(ending).isTrue();
        }
    }

    @Test
    void theTerminalSetStaysASettingAndUnknownStatusesStayOutOfIt() {
        Tracker strict = new Tracker(
                new TerminalStatuses(
                        TestConfigs.bridge(Map.of("bridge.status.terminal-statuses", "completed,canceled,failed"))),
                Duration.ofMinutes(5));
        TrackedSync t = fresh().following(EXEC_A, "running", false);
        Tracker.Step step = strict.observe(t, seen(EXEC_A, "interrupted", null), T0.plusSeconds(1));
        assertThat(step.events().get(0).terminal()).isFalse();
        assertThat(strict.finished(step.next())).isFalse();

        assertThat(new TerminalStatuses(TestConfigs.bridge()).isTerminal("finished_with_warnings"))
                .isFalse();
    }

    @Test
    void anExecutionWhoseStatusTheAnswerLeftOutIsFollowedUntilOneCanBeRead() {
        Tracker.Step unreadable = tracker.observe(fresh(), seen(EXEC_A, null, null), T0.plusSeconds(1));
        assertThat(unreadable.events()).isEmpty();
        assertThat(unreadable.next().active()).isTrue();
        assertThat(tracker.finished(unreadable.next()))
                .as("fail closed: no status is no end")
                .isFalse();

        Tracker.Step still = tracker.observe(unreadable.next(), seen(EXEC_A, null, null), T0.plusSeconds(2));
        assertThat(still.events()).isEmpty();

        Tracker.Step read =
                tracker.observe(still.next(), seen(EXEC_A, "completed", T0.plusSeconds(2)), T0.plusSeconds(3));
        assertThat(transitions(read)).containsExactly("null->completed");
        assertThat(tracker.finished(read.next())).isTrue();

        TrackedSync running = fresh().following(EXEC_A, "running", false);
        Tracker.Step lost = tracker.observe(running, seen(EXEC_A, null, null), T0.plusSeconds(1));
        assertThat(lost.events()).isEmpty();
        assertThat(lost.next()).isEqualTo(running);
    }

    @Test
    void trackingThatEndsWithoutATerminalStatusSaysWhyAndWhatWasLastSeen() {
        TrackedSync running = fresh().following(EXEC_A, "running", false);
        StatusEvent ended = tracker.trackingEnded(
                running, StatusEvent.REASON_SYNC_NOT_FOUND, "GET … answered not_found (HTTP 404)", T0);

        assertThat(ended.type()).isEqualTo(StatusEvent.TRACKING_ENDED);
        assertThat(ended.reason()).isEqualTo("sync-not-found");
        assertThat(ended.statusMessage()).contains("404");
        assertThat(ended.executionId()).isEqualTo(EXEC_A);
        assertThat(ended.previousStatus()).isEqualTo("running");
        assertThat(ended.status()).isNull();
        assertThat(ended.terminal()).isFalse();
        assertThat(ended.eventId())
                .isEqualTo(tracker.trackingEnded(running, "sync-not-found", "again", T0.plusSeconds(9))
                        .eventId())
                .isNotEqualTo(tracker.observe(running, seen(EXEC_A, "completed", T0), T0)
                        .events()
                        .get(0)
                        .eventId());
        assertThat(StatusEvents.cloudEventType(ended)).isEqualTo("polytomic.sync.tracking.ended");
    }

    @Test
    void unknownStatusIsPublishedAsNotTerminalAndKeepsTracking() {
        TrackedSync t = fresh().following(EXEC_A, "running", false);
        Tracker.Step step = tracker.observe(t, seen(EXEC_A, "paused_for_maintenance", null), T0.plusSeconds(1));
        StatusEvent event = step.events().get(0);
        assertThat(event.status()).isEqualTo("paused_for_maintenance");
        assertThat(event.terminal()).isFalse();
        assertThat(event.knownStatus()).isFalse();
        assertThat(step.next().active()).isTrue();
        assertThat(tracker.finished(step.next())).isFalse();
    }

    @Test
    void unknownStatusEndsTrackingOnlyWhenConfiguredTerminal() {
        Tracker lenient = new Tracker(
                new TerminalStatuses(TestConfigs.bridge(
                        Map.of("bridge.status.terminal-statuses", "completed,canceled,failed,paused_for_maintenance"))),
                Duration.ofMinutes(5));
        TrackedSync t = fresh().following(EXEC_A, "running", false);
        Tracker.Step step = lenient.observe(t, seen(EXEC_A, "paused_for_maintenance", null), T0.plusSeconds(1));
        assertThat(step.events().get(0).terminal()).isTrue();
        assertThat(lenient.finished(step.next())).isTrue();
    }

    @Test
    void cancelNotEffectiveInTimeGetsOneWarningAndTrackingContinues() {
        TrackedSync t = fresh().following(EXEC_A, "running", false).cancelRequested(T0);
        Tracker.Step early = tracker.observe(t, seen(EXEC_A, "running", null), T0.plusSeconds(60));
        Tracker.Step late = tracker.observe(early.next(), seen(EXEC_A, "running", null), T0.plusSeconds(301));
        Tracker.Step later = tracker.observe(late.next(), seen(EXEC_A, "running", null), T0.plusSeconds(400));

        assertThat(early.events()).isEmpty();
        assertThat(late.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(StatusEvent.CANCEL_TIMEOUT);
            assertThat(e.terminal()).isFalse();
        });
        assertThat(later.events()).isEmpty();
        assertThat(later.next().active()).isTrue();
    }

    @Test
    void anIdleSyncWithNothingRunningStopsBeingTrackedAfterOnePoll() {
        Tracker.Step nothing = tracker.observe(fresh(), null, T0.plusSeconds(1));
        assertThat(nothing.events()).isEmpty();
        assertThat(tracker.finished(nothing.next())).isTrue();

        Tracker.Step cancelOfNothing = tracker.observe(fresh().cancelRequested(T0), null, T0.plusSeconds(1));
        assertThat(cancelOfNothing.next().cancelRequestedAt()).isNull();
        assertThat(tracker.finished(cancelOfNothing.next())).isTrue();

        assertThat(tracker.finished(fresh().expectingExecution(EXEC_A))).isFalse();
        assertThat(tracker.finished(TrackedSync.start(SYNC, SyncKind.MODEL, 0, T0, true)))
                .isFalse();
    }

    @Test
    void eventIdsAreDeterministicAndDistinctPerStatus() {
        TrackedSync t = fresh().expectingExecution(EXEC_A);
        StatusEvent running =
                tracker.observe(t, seen(EXEC_A, "running", null), T0).events().get(0);
        StatusEvent again = tracker.observe(t, seen(EXEC_A, "running", null), T0.plusSeconds(9))
                .events()
                .get(0);
        StatusEvent done =
                tracker.observe(t, seen(EXEC_A, "completed", T0), T0).events().get(0);
        assertThat(running.eventId()).isEqualTo(again.eventId()).isNotEqualTo(done.eventId());
    }

    @Test
    void anAnswerShowingAnEarlierStepOfTheExecutionIsAStaleReadAndPublishesNothing() {
        // Reads of one sync overlap (a poll, a webhook's, the feed's): the older answer may be applied last.
        TrackedSync processing = fresh().following(EXEC_A, "processing", false);
        assertThat(tracker.observe(processing, seen(EXEC_A, "running", null), T0)
                        .events())
                .isEmpty();
        assertThat(transitions(tracker.observe(processing, seen(EXEC_A, "completed", T0), T0)))
                .containsExactly("processing->completed");

        TrackedSync ended = TrackedSync.start(SYNC, SyncKind.MODEL, 0, T0, true).following(EXEC_A, "completed", true);
        Tracker.Step late = tracker.observe(ended, seen(EXEC_A, "running", null), T0.plusSeconds(1));
        assertThat(late.events()).as("a terminal status is final").isEmpty();
        assertThat(late.next()).isEqualTo(ended);

        // A status the definition does not name is never judged stale.
        TrackedSync unknown = fresh().following(EXEC_A, "paused_for_maintenance", false);
        assertThat(transitions(tracker.observe(unknown, seen(EXEC_A, "running", null), T0)))
                .containsExactly("paused_for_maintenance->running");
    }

    @Test
    void anExecutionNotTerminalByItsDeadlineIsTimedOutOnceAndCanceledUntilACancelIsAccepted() {
        TrackedSync t = fresh().expectingExecution(EXEC_A).withDeadline(T0.plusSeconds(10));
        Tracker.Step running = tracker.observe(t, seen(EXEC_A, "running", null), T0.plusSeconds(5));
        assertThat(running.cancelExecution()).isNull();

        Tracker.Step late = tracker.observe(running.next(), seen(EXEC_A, "running", null), T0.plusSeconds(11));
        assertThat(late.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(StatusEvent.TIMED_OUT);
            assertThat(e.executionId()).isEqualTo(EXEC_A);
            assertThat(e.status()).isEqualTo("running");
            assertThat(e.terminal()).isFalse();
            assertThat(StatusEvents.cloudEventType(e)).isEqualTo("polytomic.sync.timed.out");
        });
        assertThat(late.cancelExecution()).isEqualTo(EXEC_A);
        assertThat(late.next().timedOutAt()).isEqualTo(T0.plusSeconds(11));

        Tracker.Step cancelRefused = tracker.observe(late.next(), seen(EXEC_A, "running", null), T0.plusSeconds(12));
        assertThat(cancelRefused.events()).as("published once").isEmpty();
        assertThat(cancelRefused.cancelExecution()).as("asked again").isEqualTo(EXEC_A);

        TrackedSync accepted = cancelRefused.next().cancelRequested(T0.plusSeconds(12));
        Tracker.Step canceling = tracker.observe(accepted, seen(EXEC_A, "canceling", null), T0.plusSeconds(13));
        assertThat(canceling.cancelExecution()).isNull();
        Tracker.Step canceled =
                tracker.observe(canceling.next(), seen(EXEC_A, "canceled", T0.plusSeconds(14)), T0.plusSeconds(14));
        assertThat(transitions(canceled)).containsExactly("canceling->canceled");
        assertThat(canceled.next().deadline()).isNull();
        assertThat(tracker.finished(canceled.next())).isTrue();
    }

    @Test
    void anExecutionThatEndsBeforeItsDeadlineIsNeverTimedOut() {
        TrackedSync t = fresh().expectingExecution(EXEC_A).withDeadline(T0.plusSeconds(10));
        Tracker.Step done = tracker.observe(t, seen(EXEC_A, "completed", T0.plusSeconds(9)), T0.plusSeconds(20));
        assertThat(done.events()).extracting(StatusEvent::type).containsExactly(StatusEvent.STATUS_CHANGED);
        assertThat(done.cancelExecution()).isNull();
    }
}
