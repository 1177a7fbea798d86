package io.polybridge.polytomic;

/**
 * The Idempotency-Key of one mutation attempt.
 *
 * @param value sent as the header; 8–255 of {@code A-Z a-z 0-9 _ -}
 * @param mayBeReplayed another process may have sent this key already (the bridge restarted, or a partition moved),
 *     so a 5xx answer to it may be that earlier request's recorded outcome, replayed: it is not counted against the
 *     circuit breaker again
 */
public record IdempotencyKey(String value, boolean mayBeReplayed) {

    /** A key this process is the first to send. */
    public static IdempotencyKey fresh(String value) {
        return new IdempotencyKey(value, false);
    }
}
