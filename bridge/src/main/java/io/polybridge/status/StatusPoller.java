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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The poll cycle, read → decide → write: every {@code bridge.status.interval}, the due syncs of this instance's
 * partitions are read ({@link StatusSource}: bulk syncs batched, model syncs with bounded concurrency, never more calls
 * than the {@link StatusBudget} leaves), and what each read saw goes to {@link StatusPublisher}, which decides and
 * publishes. Nothing blocks: a cycle is a chain of API calls and Kafka sends, and the scheduler starts the next only
 * once it has completed. None runs while the API breaker is open or the API rejects the credential.
 *
 * <p>While the events feed is healthy, polling is the backstop: the publisher schedules syncs further apart. When the
 * feed stops being healthy, every tracked sync is made due at once.
 */
@ApplicationScoped
public class StatusPoller {

    private final TrackingRegistry registry;
    private final StatusSource source;
    private final StatusPublisher publisher;
    private final ApiCircuitBreaker breaker;
    private final PolytomicCredential credential;
    private final BridgeConfig.Status config;
    private final StatusMetrics metrics;
    private final StatusBudget budget;
    private final FeedHealth feed;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<CycleStats> last = new AtomicReference<>();
    // For liveness: when the scheduler last fired (a cycle or a deliberate skip), and since when a cycle runs.
    private volatile Instant lastTick;
    private volatile Instant cycleStartedAt;
    private volatile boolean fedBefore;

    StatusPoller(
            TrackingRegistry registry,
            StatusSource source,
            StatusPublisher publisher,
            ApiCircuitBreaker breaker,
            PolytomicCredential credential,
            BridgeConfig config,
            StatusMetrics metrics,
            StatusBudget budget,
            FeedHealth feed) {
        this.registry = registry;
        this.source = source;
        this.publisher = publisher;
        this.breaker = breaker;
        this.credential = credential;
        this.config = config.status();
        this.metrics = metrics;
        this.budget = budget;
        this.feed = feed;
    }

    /** Figures of the last completed cycle, for health and metrics; null before the first. */
    public record CycleStats(Instant finishedAt, int polled, int calls, int events, Duration took) {}

    @Scheduled(
            identity = "status-poller",
            every = "${bridge.status.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PollerStartGate.class)
    Uni<Void> scheduled() {
        lastTick = clock.instant();
        Optional<String> paused = pausedFor();
        if (paused.isPresent()) {
            Log.debugf("%s: skipping this poll cycle", paused.get());
            return Uni.createFrom().voidItem();
        }
        return cycle().onFailure()
                .invoke(failure -> Log.warnf(failure, "Poll cycle failed: %s", failure.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
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

    /** Runs one cycle now (also used by tests); completes once its events and state are on Kafka. */
    public Uni<CycleStats> cycle() {
        return Uni.createFrom().deferred(() -> {
            Instant start = clock.instant();
            cycleStartedAt = start;
            return cycle(start).onTermination().invoke(() -> {
                cycleStartedAt = null;
                lastTick = clock.instant();
            });
        });
    }

    private Uni<CycleStats> cycle(Instant start) {
        noticeFeed(start);
        int allowed = budget.startCycle();
        // No more than the budget could poll: every bulk sync in its batches, one model sync a call. An organization
        // watch sees every bulk sync in one call, so then every due one is taken.
        int maxBulk =
                "none".equals(config.watchOrganizationBulkSyncs()) ? allowed * config.batchSize() : Integer.MAX_VALUE;
        List<TrackedSync> due = registry.due(start, maxBulk, allowed);
        StatusSource.Polled polled = StatusSource.Polled.empty();
        AtomicInteger calls = new AtomicInteger();
        return pollBulk(due, allowed, polled, calls)
                // Confirming gone syncs never takes more than half the budget: model syncs keep being polled meanwhile.
                .chain(() -> confirmBulk(Math.min(allowed - calls.get(), Math.max(1, allowed / 2)), polled, calls))
                .chain(() -> pollModel(due, allowed - calls.get(), polled, calls))
                .chain(() -> apply(due, polled, start))
                .map(events -> {
                    CycleStats stats = new CycleStats(
                            clock.instant(),
                            polled.seen().size(),
                            calls.get(),
                            events,
                            Duration.between(start, clock.instant()));
                    last.set(stats);
                    metrics.cycle(stats);
                    return stats;
                });
    }

    /** When the feed stops being healthy, the syncs it let polling slow down for are all due now. */
    private void noticeFeed(Instant now) {
        boolean fed = feed.healthy(now);
        if (fedBefore && !fed) {
            Log.infof("The events feed is not healthy: polling every tracked sync at the poll interval again");
            registry.allDue(now);
        }
        fedBefore = fed;
    }

    /** Hands every sync a read saw, or found gone, to the publisher; syncs are independent and go out at once. */
    private Uni<Integer> apply(List<TrackedSync> due, StatusSource.Polled polled, Instant start) {
        List<Uni<Integer>> applied = new ArrayList<>();
        for (TrackedSync tracked : due) {
            if (polled.seen().containsKey(tracked.syncId())) {
                applied.add(publisher.apply(tracked.syncId(), polled.seen().get(tracked.syncId()), start));
            } else if (polled.gone().containsKey(tracked.syncId())) {
                applied.add(publisher.end(
                        tracked.syncId(),
                        StatusEvent.REASON_SYNC_NOT_FOUND,
                        polled.gone().get(tracked.syncId()),
                        start));
            }
        }
        if (applied.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.join().all(applied).andCollectFailures().map(counts -> counts.stream()
                .mapToInt(Integer::intValue)
                .sum());
    }

    public CycleStats lastCycle() {
        return last.get();
    }

    private Uni<Void> pollBulk(List<TrackedSync> due, int allowed, StatusSource.Polled polled, AtomicInteger calls) {
        Uni<Void> organization = Uni.createFrom().voidItem();
        String watch = config.watchOrganizationBulkSyncs();
        if (!"none".equals(watch) && calls.get() < allowed) {
            calls.incrementAndGet();
            organization = source.organization("active".equals(watch))
                    .invoke(all -> {
                        all.seen().keySet().forEach(id -> registry.watchIfOwned(id, SyncKind.BULK));
                        polled.add(all);
                    })
                    .replaceWithVoid();
        }
        return organization.chain(() -> {
            List<String> bulk = due.stream()
                    .filter(t -> t.kind() == SyncKind.BULK && !polled.seen().containsKey(t.syncId()))
                    .map(TrackedSync::syncId)
                    .toList();
            List<Uni<StatusSource.Polled>> batches = new ArrayList<>();
            for (int i = 0; i < bulk.size() && calls.get() < allowed; i += config.batchSize()) {
                batches.add(source.bulk(bulk.subList(i, Math.min(bulk.size(), i + config.batchSize()))));
                calls.incrementAndGet();
            }
            if (batches.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.join()
                    .all(batches)
                    .andCollectFailures()
                    .invoke(all -> all.forEach(polled::add))
                    .replaceWithVoid();
        });
    }

    /**
     * Bulk syncs a list-status answer left out (or a 404 covered) are asked about one by one, at most {@code allowed}
     * of them; the rest stay due and are asked about next cycle.
     */
    private Uni<Void> confirmBulk(int allowed, StatusSource.Polled polled, AtomicInteger calls) {
        List<String> unconfirmed =
                polled.unconfirmed().stream().limit(Math.max(0, allowed)).toList();
        if (unconfirmed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        calls.addAndGet(unconfirmed.size());
        return source.bulkEach(unconfirmed, config.modelConcurrency())
                .invoke(polled::add)
                .replaceWithVoid();
    }

    private Uni<Void> pollModel(List<TrackedSync> due, int allowed, StatusSource.Polled polled, AtomicInteger calls) {
        List<String> model = due.stream()
                .filter(t -> t.kind() == SyncKind.MODEL)
                .map(TrackedSync::syncId)
                .limit(Math.max(0, allowed))
                .toList();
        if (model.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        calls.addAndGet(model.size());
        return source.model(model, config.modelConcurrency())
                .invoke(polled::add)
                .replaceWithVoid();
    }
}
