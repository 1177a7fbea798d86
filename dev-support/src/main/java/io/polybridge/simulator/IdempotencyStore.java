package io.polybridge.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The API's idempotency rules: the first request with a key fixes the outcome (errors included) and later requests
 * get it replayed; a repeat while the first is still in flight gets 409. Keys are scoped per credential. An outcome is
 * kept for the retention (the API keeps one at least 24 hours) and then forgotten, so that a long-running simulator
 * does not keep every answer it ever gave: a key used again after that is a new request. A key that comes again with
 * another request (method, path or body) is answered as {@link Readings.KeyReuse} says: the docs do not tell.
 */
final class IdempotencyStore {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,255}");

    /** What a key holds: its request's fingerprint, and its outcome once there is one (null while in flight). */
    private record Stored(String fingerprint, SimResponse response) {
        boolean inFlight() {
            return response == null;
        }
    }

    /** A stored outcome, in the order stored, to forget it once it is older than the retention. */
    private record Kept(String scope, Stored stored, Instant until) {}

    private final Map<String, Stored> outcomes = new ConcurrentHashMap<>();
    private final Queue<Kept> byAge = new ConcurrentLinkedQueue<>();
    /** One caller at a time forgets; the others go on. */
    private final ReentrantLock forgetting = new ReentrantLock();

    private final Clock clock;
    private final Duration retention;

    IdempotencyStore(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    /** {@link #begin(String, String, String, Readings.KeyReuse)} for callers that send one request per key. */
    Optional<SimResponse> begin(String credential, String key) {
        return begin(credential, key, "", Readings.KeyReuse.REPLAY);
    }

    /**
     * Empty when the caller may go ahead (and the key is now in flight); else what to answer.
     *
     * @param fingerprint the request's method, path and body: what a reused key is compared with
     */
    Optional<SimResponse> begin(String credential, String key, String fingerprint, Readings.KeyReuse reuse) {
        forgetExpired();
        Stored previous = outcomes.putIfAbsent(scope(credential, key), new Stored(fingerprint, null));
        if (previous == null) {
            return Optional.empty();
        }
        if (reuse == Readings.KeyReuse.REJECT && !previous.fingerprint().equals(fingerprint)) {
            return Optional.of(SimResponse.error(
                    422, "idempotency_key_reused", "this Idempotency-Key was used for a different request"));
        }
        if (previous.inFlight()) {
            return Optional.of(SimResponse.error(
                    409, "idempotency_key_in_use", "a request with this Idempotency-Key is still being processed"));
        }
        return Optional.of(previous.response());
    }

    void complete(String credential, String key, SimResponse response) {
        String scope = scope(credential, key);
        Stored stored = outcomes.compute(
                scope, (k, before) -> new Stored(before == null ? "" : before.fingerprint(), response));
        byAge.add(new Kept(scope, stored, clock.instant().plus(retention)));
    }

    /** No outcome is recorded (an edge error, a hang): the key is free again. */
    void abandon(String credential, String key) {
        outcomes.computeIfPresent(scope(credential, key), (k, stored) -> stored.inFlight() ? null : stored);
    }

    /** Outcomes kept, in flight included. */
    int size() {
        return outcomes.size();
    }

    void clear() {
        forgetting.lock();
        try {
            outcomes.clear();
            byAge.clear();
        } finally {
            forgetting.unlock();
        }
    }

    private void forgetExpired() {
        if (!forgetting.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (Kept oldest = byAge.peek(); oldest != null && !oldest.until().isAfter(now); oldest = byAge.peek()) {
                byAge.poll();
                // Only that outcome: a key forgotten and used again since has a newer one.
                outcomes.remove(oldest.scope(), oldest.stored());
            }
        } finally {
            forgetting.unlock();
        }
    }

    private static String scope(String credential, String key) {
        return credential + "\n" + key;
    }
}
