package io.polybridge.status;

import io.polybridge.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the events feed keeps this instance informed: the instance that reads the feed sends a heartbeat through the
 * hints path to every partition after each read that caught up, so a heartbeat here proves the whole way works, from
 * the API to this instance. Without one for three feed intervals the feed is unhealthy, and polling goes back to its
 * full rate.
 */
@ApplicationScoped
public class FeedHealth {

    private final Duration staleAfter;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant lastHeartbeat;
    private volatile Instant cursor;

    FeedHealth(BridgeConfig config) {
        this.staleAfter = config.events().interval().multipliedBy(3);
    }

    /** A heartbeat arrived: the feed was read up to {@code readUpTo}. */
    public void heartbeat(Instant readUpTo) {
        lastHeartbeat = clock.instant();
        cursor = readUpTo;
    }

    public boolean healthy(Instant now) {
        Instant last = lastHeartbeat;
        return last != null && !now.isAfter(last.plus(staleAfter));
    }

    /** When the last heartbeat arrived; null before the first. */
    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    /** How far the feed was read, as of the last heartbeat. */
    public Instant cursor() {
        return cursor;
    }
}
