package io.polybridge.events;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The events feed and the webhook on, polling slowed right down while the feed is healthy (so what arrives in seconds
 * came through the feed or a delivery), pages small enough that a short outage spans several reads, and the whole
 * organization followed.
 */
public class FeedProfile implements QuarkusTestProfile {

    static final String SECRET = "test-webhook-secret-5d2a8c1e7f";
    static final int PAGE_SIZE = 5;
    static final int PAGES_PER_READ = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "bridge.events.enabled", "true",
                "bridge.events.interval", "1s",
                "bridge.events.page-size", String.valueOf(PAGE_SIZE),
                "bridge.events.max-pages-per-read", String.valueOf(PAGES_PER_READ),
                "bridge.events.overlap", "2s",
                "bridge.events.backstop-interval", "1h",
                "bridge.events.idle-backstop-interval", "1h",
                "bridge.status.follow-organization", "true",
                "bridge.webhook.secret", SECRET);
    }
}
