package io.polybridge.status;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.polybridge.config.BridgeConfig;
import io.polybridge.polytomic.SyncEventType;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the owner of a sync's partition does with a hint from the status-hints topic. An event of a tracked sync, or of
 * any sync when following the organization, has the sync's status read now ({@link SyncRefresher}); the event's own
 * content is never published, so a forged or replayed delivery cannot publish what the API does not say. An event seen
 * before (the webhook and the feed tell of the same one, a delivery is retried or duplicated) is dropped here, so one
 * event costs at most one read. Feed heartbeats and gaps go to {@link FeedHealth} and the registry.
 */
@ApplicationScoped
public class StatusHints {

    /** Slack for clocks: a run the event says ended at T is news if it ended at T minus this or later. */
    private static final Duration SINCE_SLACK = Duration.ofSeconds(2);

    private final TrackingRegistry registry;
    private final SyncRefresher refresher;
    private final FeedHealth feed;
    private final StatusMetrics metrics;
    private final boolean followOrganization;
    private final Clock clock = Clock.systemUTC();
    // The webhook may retry a delivery for minutes and the feed reads back its overlap: an hour covers both.
    private final Cache<String, Boolean> seen = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1))
            .maximumSize(200_000)
            .build();

    StatusHints(
            TrackingRegistry registry,
            SyncRefresher refresher,
            FeedHealth feed,
            StatusMetrics metrics,
            BridgeConfig config) {
        this.registry = registry;
        this.refresher = refresher;
        this.feed = feed;
        this.metrics = metrics;
        this.followOrganization = config.status().followOrganization();
    }

    /** One hint read from partition {@code partition} of the status-hints topic. */
    public void accept(StatusHint hint, int partition) {
        if (StatusHint.FEED_HEARTBEAT.equals(hint.kind())) {
            feed.heartbeat(hint.feedCursor());
            return;
        }
        if (StatusHint.FEED_GAP.equals(hint.kind())) {
            int due = registry.allDue(partition, clock.instant());
            Log.infof("Events feed gap: %d tracked syncs of partition %d are polled now", due, partition);
            return;
        }
        if (StatusHint.EVENT.equals(hint.kind()) && hint.syncId() != null) {
            String outcome = event(hint);
            Log.debugf(
                    "Hint %s (%s) of sync %s from the %s: %s",
                    hint.eventId(), hint.eventType(), hint.syncId(), hint.source(), outcome);
            metrics.hint(hint.source(), outcome);
        }
    }

    private String event(StatusHint hint) {
        String syncId = hint.syncId();
        if (!registry.owns(syncId)) {
            // The partition moved on since the hint was written: its new owner reads the hint too.
            return "not-owned";
        }
        if (hint.eventId() != null && seen.asMap().putIfAbsent(hint.eventId(), Boolean.TRUE) != null) {
            return "duplicate";
        }
        Optional<SyncEventType> type = SyncEventType.of(hint.eventType());
        if (type.isEmpty()) {
            return "ignored";
        }
        String outcome = "read";
        if (registry.find(syncId).isEmpty()) {
            if (!followOrganization) {
                return "not-tracked";
            }
            if (registry.endedLately(syncId, hint.executionId())) {
                return "ended";
            }
            Instant since = hint.occurredAt() == null ? clock.instant() : hint.occurredAt();
            if (!registry.follow(syncId, type.get().kind(), since.minus(SINCE_SLACK))) {
                return "not-owned";
            }
            outcome = "followed";
        }
        return refresher.refresh(syncId, type.get().ending() ? hint.executionId() : null) ? outcome : "deferred";
    }
}
