package io.polybridge.status;

import io.polybridge.polytomic.SyncKind;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads one sync's status now, because a hint said it changed, and hands what it saw to {@link StatusPublisher} like a
 * poll would: one status call (a bulk sync's own, with its per-schema rows), plus the execution a hint said ended if
 * the status no longer shows it (it ran between two reads). At most one read per sync at a time: hints that arrive
 * meanwhile make one more read afterwards, however many they are. A read the call budget cannot pay for now, or one
 * that fails, leaves the sync due for the next poll cycle.
 */
@ApplicationScoped
class SyncRefresher {

    private final TrackingRegistry registry;
    private final StatusSource source;
    private final StatusPublisher publisher;
    private final StatusBudget budget;
    private final TerminalStatuses terminal;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<String, Pending> reading = new ConcurrentHashMap<>();

    SyncRefresher(
            TrackingRegistry registry,
            StatusSource source,
            StatusPublisher publisher,
            StatusBudget budget,
            TerminalStatuses terminal) {
        this.registry = registry;
        this.source = source;
        this.publisher = publisher;
        this.budget = budget;
        this.terminal = terminal;
    }

    /** What the next read of a sync must also look at, and whether one more read is wanted after the current one. */
    private static final class Pending {
        final Set<String> ended = ConcurrentHashMap.newKeySet();
        volatile boolean again;
    }

    /**
     * Has the sync read now, or right after the read in progress.
     *
     * @param endedExecution an execution a hint said ended, or null
     * @return false when the budget could not pay for the read: the sync is due for the next poll cycle instead
     */
    boolean refresh(String syncId, String endedExecution) {
        Pending fresh = new Pending();
        Pending current = reading.putIfAbsent(syncId, fresh);
        if (current != null) {
            if (endedExecution != null) {
                current.ended.add(endedExecution);
            }
            current.again = true;
            return true;
        }
        if (endedExecution != null) {
            fresh.ended.add(endedExecution);
        }
        if (!budget.take()) {
            reading.remove(syncId, fresh);
            registry.dueNow(syncId, clock.instant());
            return false;
        }
        read(syncId, fresh);
        return true;
    }

    private void read(String syncId, Pending pending) {
        Optional<TrackedSync> tracked = registry.find(syncId);
        if (tracked.isEmpty()) {
            reading.remove(syncId, pending);
            return;
        }
        List<String> ended = List.copyOf(pending.ended);
        pending.ended.clear();
        pending.again = false;
        SyncKind kind = tracked.get().kind();
        Instant now = clock.instant();
        Uni<StatusSource.Polled> status =
                kind == SyncKind.MODEL ? source.model(List.of(syncId), 1) : source.bulkEach(List.of(syncId), 1);
        status.chain(polled -> apply(tracked.get(), polled, ended, now))
                .subscribe()
                .with(ignored -> next(syncId, pending), failure -> {
                    Log.warnf(failure, "Reading sync %s after a hint failed", syncId);
                    registry.dueNow(syncId, clock.instant());
                    next(syncId, pending);
                });
    }

    /** Another read if hints came meanwhile (and the budget has it), else done. */
    private void next(String syncId, Pending pending) {
        if (!pending.again) {
            reading.remove(syncId, pending);
            // A hint may have slipped in between the check and the removal: it gets its read.
            if (pending.again && reading.putIfAbsent(syncId, pending) == null) {
                next(syncId, pending);
            }
            return;
        }
        if (!budget.take()) {
            reading.remove(syncId, pending);
            registry.dueNow(syncId, clock.instant());
            return;
        }
        read(syncId, pending);
    }

    private Uni<Integer> apply(TrackedSync tracked, StatusSource.Polled polled, List<String> ended, Instant now) {
        String syncId = tracked.syncId();
        if (polled.gone().containsKey(syncId)) {
            return publisher.end(
                    syncId, StatusEvent.REASON_SYNC_NOT_FOUND, polled.gone().get(syncId), now);
        }
        if (!polled.seen().containsKey(syncId)) {
            // The read failed (API down, breaker open): the next poll cycle reads it.
            registry.dueNow(syncId, now);
            return Uni.createFrom().item(0);
        }
        Observation seen = polled.seen().get(syncId);
        // An execution that ran between two reads: read it, so that its end is published before what runs now. Only
        // when no live execution is followed; one that is gets read by the publisher when it is replaced.
        boolean following = tracked.executionId() != null && !tracked.lastTerminal();
        List<String> unseen = following
                ? List.of()
                : ended.stream()
                        .filter(e -> seen == null || !e.equals(seen.executionId()))
                        .filter(e -> budget.take())
                        .toList();
        if (seen != null
                && ended.contains(seen.executionId())
                && (seen.status() == null || !terminal.isTerminal(seen.status()))) {
            // The hint said it ended, the API does not show it yet: the next poll cycle looks again.
            registry.dueNow(syncId, now);
        }
        return endsOf(tracked, unseen).chain(earlier -> {
            List<Observation> all = new ArrayList<>(earlier);
            all.add(seen);
            return publisher.apply(syncId, all, now);
        });
    }

    private Uni<List<Observation>> endsOf(TrackedSync tracked, List<String> executions) {
        if (executions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Optional<Observation>>> reads = executions.stream()
                .map(e -> source.execution(tracked.kind(), tracked.syncId(), e))
                .toList();
        return Uni.join().all(reads).andCollectFailures().map(all -> all.stream()
                .flatMap(Optional::stream)
                .toList());
    }
}
