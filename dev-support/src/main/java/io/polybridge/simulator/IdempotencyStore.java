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
 * does not keep every answer it ever gave: a key used again after that is a new request.
 */
final class IdempotencyStore {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,255}");
    private static final SimResponse IN_FLIGHT = new SimResponse(0, null, Map.of());

    /** A stored outcome, in the order stored, to forget it once it is older than the retention. */
    private record Kept(String scope, SimResponse response, Instant until) {}

    private final Map<String, SimResponse> outcomes = new ConcurrentHashMap<>();
    private final Queue<Kept> byAge = new ConcurrentLinkedQueue<>();
    /** One caller at a time forgets; the others go on. */
    private final ReentrantLock forgetting = new ReentrantLock();

    private final Clock clock;
    private final Duration retention;

    IdempotencyStore(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    /** Empty when the caller may go ahead (and the key is now in flight); else what to answer. */
    Optional<SimResponse> begin(String credential, String key) {
        forgetExpired();
        SimResponse previous = outcomes.putIfAbsent(scope(credential, key), IN_FLIGHT);
        if (previous == null) {
            return Optional.empty();
        }
        if (previous == IN_FLIGHT) {
            return Optional.of(SimResponse.error(
                    409, "idempotency_key_in_use", "a request with this Idempotency-Key is still being processed"));
        }
        return Optional.of(previous);
    }

    void complete(String credential, String key, SimResponse response) {
        String scope = scope(credential, key);
        outcomes.put(scope, response);
        byAge.add(new Kept(scope, response, clock.instant().plus(retention)));
    }

    /** No answer went out (hang): the key is free again. */
    void abandon(String credential, String key) {
        outcomes.remove(scope(credential, key), IN_FLIGHT);
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
                outcomes.remove(oldest.scope(), oldest.response());
            }
        } finally {
            forgetting.unlock();
        }
    }

    private static String scope(String credential, String key) {
        return credential + "\n" + key;
    }
}
