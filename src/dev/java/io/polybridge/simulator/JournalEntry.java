package io.polybridge.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One API request as the simulator received it, and what it answered (status 0: reset or hung). Headers are
 * lower-cased and the Authorization value is reduced to its scheme, so no credential is kept.
 */
public record JournalEntry(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, String> headers,
        String body,
        String idempotencyKey,
        int status,
        Instant receivedAt,
        Instant answeredAt,
        boolean replayed) {

    /** True for POSTs whose path names this sync. */
    public boolean mutates(String syncId) {
        return "POST".equals(method) && path.contains("/" + syncId.toLowerCase());
    }
}
