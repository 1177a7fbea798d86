package io.polybridge.status;

import io.polybridge.config.BridgeConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies one observation to one tracked sync: fetches an execution that ended unseen, publishes the events in the
 * order they happened, then saves the new state (or ends tracking). Saving after publishing means a crash in between
 * re-publishes the same events, with the same {@code ce_id}, rather than losing them.
 */
@ApplicationScoped
class StatusPublisher {

    private final TrackingRegistry registry;
    private final StatusSource source;
    private final StatusEvents events;
    private final BridgeConfig.Status config;
    private final StatusMetrics metrics;
    private final Set<String> unknownLogged = ConcurrentHashMap.newKeySet();

    StatusPublisher(
            TrackingRegistry registry,
            StatusSource source,
            StatusEvents events,
            BridgeConfig config,
            StatusMetrics metrics) {
        this.registry = registry;
        this.source = source;
        this.events = events;
        this.config = config.status();
        this.metrics = metrics;
    }

    /**
     * Decides now, publishes and saves asynchronously: the returned Uni completes with the number of events once they
     * and the new state are on their topics, so a poll cycle waits for all its syncs at once, not one after another.
     */
    Uni<Integer> apply(Tracker tracker, String syncId, Observation seen, Instant now) {
        Optional<TrackedSync> current = registry.find(syncId);
        if (current.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        TrackedSync snapshot = current.get();
        List<StatusEvent> published = new ArrayList<>();
        Tracker.Step step = tracker.observe(snapshot, seen, now);
        if (step.missedExecution() != null) {
            snapshot = catchUp(tracker, snapshot, step.missedExecution(), now, published);
            step = tracker.observe(snapshot, seen, now);
        }
        TrackedSync base = snapshot;
        Tracker.Step planned = step;
        AtomicReference<Tracker.Step> chosen = new AtomicReference<>(planned);
        TrackedSync next = registry.update(syncId, latest -> {
            // A command may have changed the sync since the snapshot: decide again on the latest state.
            Tracker.Step decided =
                    latest.equals(base) || latest.equals(current.get()) ? planned : tracker.observe(latest, seen, now);
            chosen.set(decided);
            return schedule(decided.next(), now);
        });
        published.addAll(chosen.get().events());
        Uni<Void> saved = next == null
                ? publishInOrder(published)
                : publishInOrder(published).chain(() -> save(tracker, current.get(), next));
        return saved.replaceWith(published.size());
    }

    /**
     * Ends tracking of a sync the API says does not exist: publishes why (a {@code tracking-ended} event), then
     * forgets it. Never silent: whoever waits for the sync's execution learns that nothing more will come.
     */
    Uni<Integer> end(Tracker tracker, String syncId, String reason, String detail, Instant now) {
        Optional<TrackedSync> current = registry.find(syncId);
        if (current.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Log.infof("Sync %s: tracking ends (%s): %s", syncId, reason, detail);
        StatusEvent event = tracker.trackingEnded(current.get(), reason, detail, now);
        return publishInOrder(List.of(event))
                .chain(() -> registry.forget(current.get()))
                .replaceWith(1);
    }

    private TrackedSync catchUp(
            Tracker tracker, TrackedSync tracked, String execution, Instant now, List<StatusEvent> out) {
        Optional<Observation> end = source.execution(tracked.kind(), tracked.syncId(), execution)
                .await()
                .indefinitely();
        if (end.isEmpty()) {
            Log.warnf(
                    "Execution %s of sync %s ended unseen and cannot be read; following the next one",
                    execution, tracked.syncId());
            return tracked.following(tracked.executionId(), tracked.lastStatus(), true);
        }
        Tracker.Step step = tracker.observe(tracked, end.get(), now);
        out.addAll(step.events());
        return step.next().lastTerminal()
                ? step.next()
                : step.next().following(step.next().executionId(), step.next().lastStatus(), true);
    }

    private Uni<Void> publishInOrder(List<StatusEvent> published) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (StatusEvent event : published) {
            noteUnknown(event);
            chain = chain.chain(() -> events.publish(event)).invoke(() -> metrics.published(event));
        }
        return chain;
    }

    private Uni<Void> save(Tracker tracker, TrackedSync before, TrackedSync after) {
        if (tracker.finished(after)) {
            return registry.forget(after);
        }
        if (!after.polled(before.nextPollAt(), before.idleCycles()).equals(before)) {
            return registry.persist(after);
        }
        return Uni.createFrom().voidItem();
    }

    /** Active syncs are polled every cycle; idle ones back off, doubling up to the idle maximum. */
    private TrackedSync schedule(TrackedSync tracked, Instant now) {
        if (tracked.active()) {
            return tracked.polled(now, 0);
        }
        int idle = Math.min(tracked.idleCycles() + 1, 16);
        Duration wait = config.interval().multipliedBy(1L << Math.min(idle, 10));
        if (wait.compareTo(config.idleMaxInterval()) > 0) {
            wait = config.idleMaxInterval();
        }
        return tracked.polled(now.plus(wait), idle);
    }

    private void noteUnknown(StatusEvent event) {
        if (!event.knownStatus() && event.status() != null && unknownLogged.add(event.status())) {
            Log.warnf(
                    "Unknown execution status '%s' (sync %s): published as is, not terminal unless configured",
                    event.status(), event.syncId());
        }
    }
}
