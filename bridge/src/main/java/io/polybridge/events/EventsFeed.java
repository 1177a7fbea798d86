package io.polybridge.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.CommandPartitions;
import io.polybridge.polytomic.ApiCircuitBreaker;
import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.PolytomicClient;
import io.polybridge.polytomic.PolytomicCredential;
import io.polybridge.polytomic.PolytomicEvent;
import io.polybridge.polytomic.SyncEventType;
import io.polybridge.status.PollerStartGate;
import io.polybridge.status.StatusBudget;
import io.polybridge.status.StatusHint;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the organization's events ({@code GET /api/events}) every {@code bridge.events.interval} on the instance that
 * owns commands partition 0, and turns each sync event into a hint for the sync's owner ({@link HintPublisher}). The
 * cursor ({@link FeedCursor}) is written after every read, so a restart or a rebalance goes on from it; events that
 * share a timestamp are paged by {@link FeedPager}. A cursor older than the API's retention means events were lost:
 * every owner is told to poll all its tracked syncs now, and the log and {@code bridge.events.feed.gaps} say so.
 * Every page is paid for from the {@link StatusBudget} the poller shares.
 */
@ApplicationScoped
class EventsFeed {

    private final PolytomicClient client;
    private final HintPublisher hints;
    private final FeedCursorStore store;
    private final CommandPartitions partitions;
    private final StatusBudget budget;
    private final ApiCircuitBreaker breaker;
    private final PolytomicCredential credential;
    private final ObjectMapper json;
    private final BridgeConfig.Events config;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private volatile FeedCursor cursor;
    private volatile long ownershipSeen = -1;
    private volatile boolean suspended;
    /** The read going on, or the last one; {@link #suspend()} waits for it. */
    private volatile CompletableFuture<Void> reading = CompletableFuture.completedFuture(null);

    EventsFeed(
            PolytomicClient client,
            HintPublisher hints,
            FeedCursorStore store,
            CommandPartitions partitions,
            StatusBudget budget,
            ApiCircuitBreaker breaker,
            PolytomicCredential credential,
            ObjectMapper json,
            BridgeConfig config,
            MeterRegistry meters) {
        this.client = client;
        this.hints = hints;
        this.store = store;
        this.partitions = partitions;
        this.budget = budget;
        this.breaker = breaker;
        this.credential = credential;
        this.json = json;
        this.config = config.events();
        this.meters = meters;
    }

    @Scheduled(
            identity = "events-feed",
            every = "${bridge.events.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PollerStartGate.class)
    Uni<Void> scheduled() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Published before the check of suspended: a suspend() in between either stops this read or waits for it.
        reading = done;
        if (!config.enabled() || suspended || !reader() || breaker.isOpen() || credential.rejected()) {
            done.complete(null);
            return Uni.createFrom().voidItem();
        }
        return read().onFailure()
                .invoke(failure -> Log.warnf(failure, "Reading the events feed failed: %s", failure.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid()
                .onTermination()
                .invoke(() -> done.complete(null));
    }

    /** Whether this instance reads the feed; a change of ownership makes the next read load the cursor again. */
    private boolean reader() {
        long version = partitions.version();
        if (version != ownershipSeen) {
            ownershipSeen = version;
            cursor = null;
        }
        return partitions.owned().contains(FeedCursorStore.PARTITION);
    }

    /** One read: from the cursor, at most {@code max-pages-per-read} pages; the cursor is stored after it. */
    Uni<FeedCursor> read() {
        Instant now = clock.instant();
        Uni<FeedCursor> start = cursor != null
                ? Uni.createFrom().item(cursor)
                : store.load().map(stored -> stored.orElseGet(() -> fresh(now)));
        return start.chain(from ->
                        gapped(from, now) ? gap(from, now) : Uni.createFrom().item(from))
                .chain(from -> {
                    FeedPager pager = new FeedPager(from, config.overlap(), config.pageSize());
                    return pages(pager, config.maxPagesPerRead()).chain(() -> finish(pager, now));
                });
    }

    private FeedCursor fresh(Instant now) {
        Log.infof("The events feed has no cursor yet: reading it from now on");
        return FeedCursor.startingAt(now);
    }

    /** Whether the oldest time not read yet is past the API's retention: the events since are gone. */
    private boolean gapped(FeedCursor from, Instant now) {
        Instant unread = from.pending().stream()
                .map(FeedCursor.Window::after)
                .min(Instant::compareTo)
                .orElse(from.readAt() != null ? from.readAt() : from.highWater());
        return unread.isBefore(now.minus(config.retention()));
    }

    private Uni<FeedCursor> gap(FeedCursor from, Instant now) {
        Instant unread = from.readAt() != null ? from.readAt() : from.highWater();
        Log.warnf(
                "Events feed gap: last read at %s, longer ago than the API keeps events (%s); events since are lost, so"
                        + " every tracked sync is polled now, and the feed goes on from now",
                unread, config.retention());
        Counter.builder("bridge.events.feed.gaps")
                .description("Times the events feed found events lost (read last longer ago than the API keeps them)"
                        + " and fell back to a full poll")
                .register(meters)
                .increment();
        return hints.toAll(StatusHint.gap(now)).replaceWith(FeedCursor.startingAt(now));
    }

    private Uni<Void> pages(FeedPager pager, int left) {
        FeedCursor.Window window = pager.next();
        if (window == null || left <= 0 || suspended || !budget.take()) {
            return Uni.createFrom().voidItem();
        }
        return client.events(window.after(), window.before(), config.pageSize()).chain(result -> {
            if (!result.ok()) {
                // The window stays pending: the next read asks again.
                Log.debugf("Events feed page failed: %s", result.describe());
                return Uni.createFrom().voidItem();
            }
            return page(pager, result).chain(() -> pages(pager, left - 1));
        });
    }

    private Uni<Void> page(FeedPager pager, ApiResult<List<JsonNode>> result) {
        List<PolytomicEvent> events = new ArrayList<>();
        List<FeedPager.Item> items = new ArrayList<>();
        for (JsonNode node : result.body() == null ? List.<JsonNode>of() : result.body()) {
            parse(node).ifPresent(e -> {
                events.add(e);
                items.add(new FeedPager.Item(e.id(), e.createdAt().toInstant()));
            });
        }
        FeedPager.Outcome outcome = pager.page(items);
        if (outcome.crowded() != null) {
            Log.warnf(
                    "More than %d events share the time %s: the feed cannot page inside one instant, polling covers"
                            + " the rest",
                    config.pageSize(), outcome.crowded());
        }
        List<String> fresh = outcome.fresh().stream().map(FeedPager.Item::id).toList();
        List<Uni<Void>> sends = events.stream()
                .filter(e -> fresh.contains(e.id()))
                .map(this::hint)
                .flatMap(Optional::stream)
                .map(hints::toOwner)
                .toList();
        meter("bridge.events.feed.events", "Events read from the events feed, not seen before")
                .increment(fresh.size());
        return sends.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<FeedCursor> finish(FeedPager pager, Instant now) {
        FeedCursor next = pager.cursor(now);
        Log.debugf(
                "Events feed read: %s, high water %s",
                pager.caughtUp() ? "caught up" : "more to read", next.highWater());
        Uni<Void> heartbeat = pager.caughtUp()
                ? hints.toAll(StatusHint.heartbeat(next.highWater()))
                : Uni.createFrom().voidItem();
        return store.save(next)
                .chain(() -> heartbeat)
                .invoke(() -> cursor = next)
                .replaceWith(next);
    }

    private Optional<PolytomicEvent> parse(JsonNode node) {
        try {
            PolytomicEvent event = json.treeToValue(node, PolytomicEvent.class);
            if (event.id() == null || event.createdAt() == null) {
                Log.warnf("Skipping an event without id or created_at: %s", node.path("type"));
                return Optional.empty();
            }
            return Optional.of(event);
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping an unreadable event (%s): %s", node.path("id"), e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** The hint of a sync event; other event types of the organization are not about executions. */
    static Optional<StatusHint> hintOf(PolytomicEvent event, String source) {
        Optional<SyncEventType> type = SyncEventType.of(event.type());
        if (type.isEmpty() || event.syncId() == null) {
            return Optional.empty();
        }
        return Optional.of(StatusHint.event(
                source,
                event.id(),
                event.type(),
                event.syncId().toLowerCase(),
                type.get().kind(),
                event.executionId(),
                event.createdAt().toInstant()));
    }

    private Optional<StatusHint> hint(PolytomicEvent event) {
        return hintOf(event, StatusHint.FROM_FEED);
    }

    private Counter meter(String name, String description) {
        return Counter.builder(name).description(description).register(meters);
    }

    /**
     * Stops reading, as if the bridge were down (for tests: a bridge that is really down reads nothing either). A read
     * going on asks for no further page and is waited for, cursor stored included, so nothing reaches the API or the
     * stored cursor once this returns. The cursor held in memory is dropped, so that {@link #resume()} goes on from the
     * one stored on Kafka, as a restart does.
     */
    void suspend() {
        suspended = true;
        try {
            reading.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the events feed's read to end", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The events feed's read did not end", e);
        }
        cursor = null;
    }

    void resume() {
        cursor = null;
        suspended = false;
    }
}
