package io.polybridge.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One API request as the simulator received it, and what it answered (status 0: reset, hung, or the client went
 * away before the answer). {@code applied} says the API carried the request out, whether or not its answer reached the
 * client and even when it then answered an error (an application error after the change was made); a replay by
 * idempotency key is never applied. Headers are lower-cased and the
 * Authorization value is reduced to its scheme, so no credential is kept.
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
        boolean replayed,
        boolean applied) {

    /** A mutation the API carried out (not a replay), whatever answer reached the client, if any. */
    public boolean appliedPost() {
        return "POST".equals(method) && applied;
    }

    /** True for POSTs whose path names this sync. */
    public boolean mutates(String syncId) {
        return "POST".equals(method) && path.contains("/" + syncId.toLowerCase());
    }
}
