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
 * The one place the status path writes: it applies what a read saw of a sync ({@link Tracker} decides), publishes the
 * events in the order they happened, then saves the sync's state (or ends its tracking), and cancels an execution past
 * its deadline. Whatever saw the sync (a poll, a webhook's or the feed's hint) comes through here, so a change seen
 * three ways is published once, under one {@code ce_id}.
 *
 * <p>Nothing blocks: each call returns at once and completes once its events and state are on Kafka. One sync's calls
 * run one after the other ({@link StatusLanes}), different syncs' at once. Saving after publishing means a crash in
 * between re-publishes the same events, with the same {@code ce_id}, rather than losing them.
 */
@ApplicationScoped
class StatusPublisher {

    private final TrackingRegistry registry;
    private final StatusSource source;
    private final StatusEvents events;
    private final BridgeConfig.Status config;
    private final Duration backstop;
    private final Duration idleBackstop;
    private final StatusMetrics metrics;
    private final FeedHealth feed;
    private final DeadlineCancels cancels;
    private final Tracker tracker;
    private final StatusLanes lanes = new StatusLanes();
    private final Set<String> unknownLogged = ConcurrentHashMap.newKeySet();

    StatusPublisher(
            TrackingRegistry registry,
            StatusSource source,
            StatusEvents events,
            BridgeConfig config,
            StatusMetrics metrics,
            FeedHealth feed,
            DeadlineCancels cancels,
            TerminalStatuses terminal) {
        this.registry = registry;
        this.source = source;
        this.events = events;
        this.config = config.status();
        this.backstop = config.events().backstopInterval();
        this.idleBackstop = config.events().idleBackstopInterval();
        this.metrics = metrics;
        this.feed = feed;
        this.cancels = cancels;
        this.tracker = terminal == null ? null : new Tracker(terminal, this.config.cancelTimeout());
    }

    /** What the reads of one sync saw, oldest first. */
    Uni<Integer> apply(String syncId, Observation seen, Instant now) {
        // A sync that never ran is seen as null: a list that takes it.
        return apply(syncId, java.util.Collections.singletonList(seen), now);
    }

    /**
     * Decides on the sync's latest state, publishes, then saves: completes with the number of events once they and the
     * state are on their topics.
     */
    Uni<Integer> apply(String syncId, List<Observation> seen, Instant now) {
        return lanes.run(syncId, () -> write(syncId, seen, now));
    }

    /**
     * Ends tracking of a sync the API says does not exist: publishes why (a {@code tracking-ended} event), then
     * forgets it. Never silent: whoever waits for the sync's execution learns that nothing more will come.
     */
    Uni<Integer> end(String syncId, String reason, String detail, Instant now) {
        return lanes.run(syncId, () -> {
            Optional<TrackedSync> current = registry.find(syncId);
            if (current.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Log.infof("Sync %s: tracking ends (%s): %s", syncId, reason, detail);
            StatusEvent event = tracker.trackingEnded(current.get(), reason, detail, now);
            return publishInOrder(List.of(event))
                    .chain(() -> registry.forget(current.get()))
                    .replaceWith(1);
        });
    }

    /** The decision so far: the state it leads to, the events in order, and an execution to cancel. */
    private record Plan(TrackedSync state, List<StatusEvent> events, Tracker.Step last) {}

    private Uni<Integer> write(String syncId, List<Observation> seen, Instant now) {
        Optional<TrackedSync> current = registry.find(syncId);
        if (current.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Uni<Plan> plan = Uni.createFrom().item(new Plan(current.get(), new ArrayList<>(), null));
        for (Observation observation : seen) {
            plan = plan.chain(p -> observe(p, observation, now));
        }
        return plan.chain(p -> commit(syncId, current.get(), p, seen, now));
    }

    private Uni<Plan> observe(Plan plan, Observation seen, Instant now) {
        Tracker.Step step = tracker.observe(plan.state(), seen, now);
        if (step.missedExecution() == null) {
            plan.events().addAll(step.events());
            return Uni.createFrom().item(new Plan(step.next(), plan.events(), step));
        }
        // The execution we followed ended unseen: read it, publish its end first, then the new one's start.
        TrackedSync tracked = plan.state();
        return source.execution(tracked.kind(), tracked.syncId(), step.missedExecution())
                .map(end -> {
                    TrackedSync caught = catchUp(tracked, step.missedExecution(), end, now, plan.events());
                    Tracker.Step again = tracker.observe(caught, seen, now);
                    plan.events().addAll(again.events());
                    return new Plan(again.next(), plan.events(), again);
                });
    }

    private Uni<Integer> commit(String syncId, TrackedSync base, Plan plan, List<Observation> seen, Instant now) {
        if (plan.last() == null) {
            return Uni.createFrom().item(0);
        }
        AtomicReference<Tracker.Step> chosen = new AtomicReference<>(plan.last());
        List<StatusEvent> published = plan.events();
        TrackedSync next = registry.update(syncId, latest -> {
            if (latest.equals(base)) {
                return schedule(plan.state(), now);
            }
            // A command changed the sync since: decide again on its latest state, from what was last seen.
            Tracker.Step decided = tracker.observe(latest, seen.get(seen.size() - 1), now);
            chosen.set(decided);
            published.clear();
            published.addAll(decided.events());
            return schedule(decided.next(), now);
        });
        String cancel = chosen.get().cancelExecution();
        Uni<Void> written = next == null
                ? publishInOrder(published)
                : publishInOrder(published).chain(() -> save(base, next));
        return written.chain(
                        () -> next == null || cancel == null ? Uni.createFrom().voidItem() : cancel(next, cancel))
                .replaceWith(published.size());
    }

    /** Cancels an execution past its deadline; once the API accepts, the cancel is recorded like a command's. */
    private Uni<Void> cancel(TrackedSync tracked, String executionId) {
        return cancels.cancel(tracked, executionId).chain(accepted -> {
            if (!accepted) {
                return Uni.createFrom().voidItem();
            }
            Instant at = Instant.now();
            TrackedSync requested = registry.update(
                    tracked.syncId(),
                    latest -> executionId.equals(latest.executionId()) && !latest.lastTerminal()
                            ? latest.cancelRequested(at)
                            : latest);
            return requested == null ? Uni.createFrom().voidItem() : registry.persist(requested);
        });
    }

    private TrackedSync catchUp(
            TrackedSync tracked, String execution, Optional<Observation> end, Instant now, List<StatusEvent> out) {
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

    private Uni<Void> save(TrackedSync before, TrackedSync after) {
        if (tracker.finished(after)) {
            return registry.forget(after);
        }
        if (!after.polled(before.nextPollAt(), before.idleCycles()).equals(before)) {
            return registry.persist(after);
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * When the sync is polled next. Without a healthy events feed: active syncs every cycle, idle ones less and less
     * often, doubling up to the idle maximum. While the feed is healthy it tells of every documented change, and
     * polling is the backstop: active syncs every {@code bridge.events.backstop-interval}, idle ones every
     * {@code bridge.events.idle-backstop-interval}. Never later than a deadline.
     */
    TrackedSync schedule(TrackedSync tracked, Instant now) {
        boolean fed = feed.healthy(now);
        Instant next;
        int idle;
        if (tracked.active()) {
            idle = 0;
            next = fed ? now.plus(lessOneCycle(backstop)) : now;
        } else {
            idle = Math.min(tracked.idleCycles() + 1, 16);
            Duration wait = config.interval().multipliedBy(1L << Math.min(idle, 10));
            if (wait.compareTo(config.idleMaxInterval()) > 0) {
                wait = config.idleMaxInterval();
            }
            if (fed && lessOneCycle(idleBackstop).compareTo(wait) > 0) {
                wait = lessOneCycle(idleBackstop);
            }
            next = now.plus(wait);
        }
        if (tracked.deadline() != null
                && tracked.timedOutAt() == null
                && tracked.deadline().isBefore(next)) {
            next = tracked.deadline();
        }
        return tracked.polled(next, idle);
    }

    /** A poll is due in the first cycle at or after this: an interval of one cycle means every cycle. */
    private Duration lessOneCycle(Duration every) {
        Duration less = every.minus(config.interval());
        return less.isNegative() ? Duration.ZERO : less;
    }

    private void noteUnknown(StatusEvent event) {
        if (!event.knownStatus() && event.status() != null && unknownLogged.add(event.status())) {
            Log.warnf(
                    "Unknown execution status '%s' (sync %s): published as is, not terminal unless configured",
                    event.status(), event.syncId());
        }
    }
}
