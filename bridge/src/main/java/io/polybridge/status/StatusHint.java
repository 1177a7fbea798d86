package io.polybridge.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.polybridge.polytomic.SyncKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A record of the internal status-hints topic: news for the owner of a sync's commands partition that it should read
 * the sync's status now. Never a status itself: whatever it says, the owner publishes only what the API answers.
 *
 * <ul>
 *   <li>{@code event}: Polytomic told of an event of a sync ({@code eventType}, its execution), through the webhook or
 *       the events feed ({@code source});
 *   <li>{@code feed-heartbeat}: the events feed was read up to {@code feedCursor} and nothing is left unread, sent to
 *       every partition; polling may stay slow;
 *   <li>{@code feed-gap}: the events feed lost events for good (the bridge was away longer than the API keeps them):
 *       poll every tracked sync of the partition now.
 * </ul>
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusHint(
        String kind,
        String source,
        String eventId,
        String eventType,
        String syncId,
        SyncKind syncType,
        String executionId,
        Instant occurredAt,
        Instant feedCursor) {

    public static final String EVENT = "event";
    public static final String FEED_HEARTBEAT = "feed-heartbeat";
    public static final String FEED_GAP = "feed-gap";

    public static final String FROM_WEBHOOK = "webhook";
    public static final String FROM_FEED = "feed";

    public static StatusHint event(
            String source,
            String eventId,
            String eventType,
            String syncId,
            SyncKind kind,
            String execution,
            Instant at) {
        return new StatusHint(EVENT, source, eventId, eventType, syncId, kind, execution, at, null);
    }

    public static StatusHint heartbeat(Instant cursor) {
        return new StatusHint(FEED_HEARTBEAT, FROM_FEED, null, null, null, null, null, null, cursor);
    }

    public static StatusHint gap(Instant cursor) {
        return new StatusHint(FEED_GAP, FROM_FEED, null, null, null, null, null, null, cursor);
    }
}
