package io.polybridge.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How far the events feed has been read; kept in the tracking-state topic (partition 0, key {@value #KEY}) after every
 * read, so that whichever instance reads the feed next goes on from here.
 *
 * @param highWater every event up to this time has been seen (but for late ones, which the next read's overlap finds)
 * @param seen IDs of the events seen near the windows still to read and the overlap, with their times: read again,
 *     they are not hinted twice
 * @param pending time windows a read left unread (a backlog longer than one read takes); empty once caught up
 * @param top the newest event time seen while {@code pending} is being read; the high water once it is done
 * @param readAt when the feed was last read
 */
@RegisterForReflection
public record FeedCursor(
        Instant highWater, Map<String, Instant> seen, List<Window> pending, Instant top, Instant readAt) {

    /** The key of the cursor in the tracking-state topic: not a sync ID, so the registry passes over it. */
    public static final String KEY = "events-feed-cursor";

    /** Events strictly after {@code after} and strictly before {@code before} (null: no upper bound). */
    @RegisterForReflection
    public record Window(Instant after, Instant before) {}

    static FeedCursor startingAt(Instant at) {
        return new FeedCursor(at, Map.of(), List.of(), null, null);
    }
}
