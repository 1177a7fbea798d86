package io.polybridge.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's idempotency rules: the first request with a key fixes the outcome (errors included) and later requests
 * get it replayed; a repeat while the first is still in flight gets 409. Keys are scoped per credential.
 */
final class IdempotencyStore {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,255}");
    private static final SimResponse IN_FLIGHT = new SimResponse(0, null, Map.of());

    private final Map<String, SimResponse> outcomes = new ConcurrentHashMap<>();

    /** Empty when the caller may go ahead (and the key is now in flight); else what to answer. */
    Optional<SimResponse> begin(String credential, String key) {
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
        outcomes.put(scope(credential, key), response);
    }

    /** No answer went out (hang): the key is free again. */
    void abandon(String credential, String key) {
        outcomes.remove(scope(credential, key), IN_FLIGHT);
    }

    void clear() {
        outcomes.clear();
    }

    private static String scope(String credential, String key) {
        return credential + "\n" + key;
    }
}
