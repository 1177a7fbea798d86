package io.polybridge.status;

import io.polybridge.config.BridgeConfig;
import io.polybridge.polytomic.ApiCircuitBreaker;
import io.polybridge.polytomic.PolytomicCredential;
import io.polybridge.polytomic.SyncKind;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The poll cycle: every {@code bridge.status.interval}, the due syncs of this instance's partitions are polled (bulk
 * syncs batched, model syncs with bounded concurrency, never more calls than the per-second budget allows), and each
 * observed change is published, then saved. Cycles never overlap, and none runs while the API breaker is open or the
 * API rejects the credential.
 */
@ApplicationScoped
public class StatusPoller {

    private final TrackingRegistry registry;
    private final StatusSource source;
    private final StatusPublisher publisher;
    private final ApiCircuitBreaker breaker;
    private final PolytomicCredential credential;
    private final BridgeConfig.Status config;
    private final Tracker tracker;
    private final StatusMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<CycleStats> last = new AtomicReference<>();
    // For liveness: when the scheduler last fired (a cycle or a deliberate skip), and since when a cycle runs.
    private volatile Instant lastTick;
    private volatile Instant cycleStartedAt;

    StatusPoller(
            TrackingRegistry registry,
            StatusSource source,
            StatusPublisher publisher,
            ApiCircuitBreaker breaker,
            PolytomicCredential credential,
            TerminalStatuses terminal,
            BridgeConfig config,
            StatusMetrics metrics) {
        this.registry = registry;
        this.source = source;
        this.publisher = publisher;
        this.breaker = breaker;
        this.credential = credential;
        this.config = config.status();
        this.tracker = new Tracker(terminal, this.config.cancelTimeout());
        this.metrics = metrics;
    }

    /** Figures of the last completed cycle, for health and metrics; null before the first. */
    public record CycleStats(Instant finishedAt, int polled, int calls, int events, Duration took) {}

    @Scheduled(
            identity = "status-poller",
            every = "${bridge.status.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PollerStartGate.class)
    void scheduled() {
        lastTick = clock.instant();
        Optional<String> paused = pausedFor();
        if (paused.isPresent()) {
            Log.debugf("%s: skipping this poll cycle", paused.get());
            return;
        }
        cycle();
    }

    /** Why cycles are skipped on purpose now, if they are. */
    public Optional<String> pausedFor() {
        if (credential.rejected()) {
            return Optional.of("Polytomic credential rejected");
        }
        return breaker.isOpen() ? Optional.of("API circuit breaker open") : Optional.empty();
    }

    /**
     * When polling last showed life: the scheduler fired (for a cycle or a deliberate skip) or a cycle ended; null
     * before the first time.
     */
    public Instant lastTick() {
        return lastTick;
    }

    /** Since when the cycle in progress runs; null between cycles. */
    public Instant cycleStartedAt() {
        return cycleStartedAt;
    }

    /** Runs one cycle now (also used by reconcile and tests). */
    public synchronized CycleStats cycle() {
        Instant start = clock.instant();
        cycleStartedAt = start;
        try {
            return cycle(start);
        } finally {
            cycleStartedAt = null;
            lastTick = clock.instant();
        }
    }

    private CycleStats cycle(Instant start) {
        int budget = (int) Math.max(
                1, config.maxCallsPerSecond() * Math.max(1, config.interval().toSeconds()));
        // No more than the budget could poll: every bulk sync in its batches, one model sync a call. An organization
        // watch sees every bulk sync in one call, so then every due one is taken.
        int maxBulk =
                "none".equals(config.watchOrganizationBulkSyncs()) ? budget * config.batchSize() : Integer.MAX_VALUE;
        List<TrackedSync> due = registry.due(start, maxBulk, budget);
        StatusSource.Polled polled = StatusSource.Polled.empty();
        int calls = pollBulk(due, budget, polled);
        // Confirming gone syncs never takes more than half the budget: model syncs keep being polled meanwhile.
        calls += confirmBulk(Math.min(budget - calls, Math.max(1, budget / 2)), polled);
        calls += pollModel(due, budget - calls, polled);
        List<Uni<Integer>> applied = new ArrayList<>();
        for (TrackedSync tracked : due) {
            if (polled.seen().containsKey(tracked.syncId())) {
                applied.add(
                        publisher.apply(tracker, tracked.syncId(), polled.seen().get(tracked.syncId()), start));
            } else if (polled.gone().containsKey(tracked.syncId())) {
                applied.add(publisher.end(
                        tracker,
                        tracked.syncId(),
                        StatusEvent.REASON_SYNC_NOT_FOUND,
                        polled.gone().get(tracked.syncId()),
                        start));
            }
        }
        // Syncs are independent: their events and state go out concurrently, each sync's in order.
        int events = applied.isEmpty()
                ? 0
                : Uni.join().all(applied).andFailFast().await().indefinitely().stream()
                        .mapToInt(Integer::intValue)
                        .sum();
        CycleStats stats = new CycleStats(
                clock.instant(), polled.seen().size(), calls, events, Duration.between(start, clock.instant()));
        last.set(stats);
        metrics.cycle(stats);
        return stats;
    }

    public CycleStats lastCycle() {
        return last.get();
    }

    private int pollBulk(List<TrackedSync> due, int budget, StatusSource.Polled polled) {
        int calls = 0;
        String organization = config.watchOrganizationBulkSyncs();
        if (!"none".equals(organization) && calls < budget) {
            calls++;
            StatusSource.Polled all =
                    source.organization("active".equals(organization)).await().indefinitely();
            all.seen().keySet().forEach(id -> registry.watchIfOwned(id, SyncKind.BULK));
            polled.add(all);
        }
        List<String> bulk = due.stream()
                .filter(t -> t.kind() == SyncKind.BULK && !polled.seen().containsKey(t.syncId()))
                .map(TrackedSync::syncId)
                .toList();
        List<Uni<StatusSource.Polled>> batches = new ArrayList<>();
        for (int i = 0; i < bulk.size() && calls < budget; i += config.batchSize()) {
            batches.add(source.bulk(bulk.subList(i, Math.min(bulk.size(), i + config.batchSize()))));
            calls++;
        }
        if (!batches.isEmpty()) {
            Uni.join().all(batches).andCollectFailures().await().indefinitely().forEach(polled::add);
        }
        return calls;
    }

    /**
     * Bulk syncs a list-status answer left out (or a 404 covered) are asked about one by one, at most {@code budget}
     * of them; the rest stay due and are asked about next cycle.
     */
    private int confirmBulk(int budget, StatusSource.Polled polled) {
        List<String> unconfirmed =
                polled.unconfirmed().stream().limit(Math.max(0, budget)).toList();
        if (!unconfirmed.isEmpty()) {
            polled.add(source.bulkEach(unconfirmed, config.modelConcurrency())
                    .await()
                    .indefinitely());
        }
        return unconfirmed.size();
    }

    private int pollModel(List<TrackedSync> due, int budget, StatusSource.Polled polled) {
        List<String> model = due.stream()
                .filter(t -> t.kind() == SyncKind.MODEL)
                .map(TrackedSync::syncId)
                .limit(Math.max(0, budget))
                .toList();
        if (!model.isEmpty()) {
            polled.add(source.model(model, config.modelConcurrency()).await().indefinitely());
        }
        return model.size();
    }
}
