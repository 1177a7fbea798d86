package io.polybridge.polytomic;

import io.polybridge.config.BridgeConfig;
import io.smallrye.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The headers every call carries besides its own: the credential (Bearer API key when one is set, else Basic with the
 * organization ID and its organization-scoped or deployment key) and the API version.
 */
final class PolytomicHeaders {

    static final String VERSION_HEADER = "X-Polytomic-Version";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private PolytomicHeaders() {}

    /** The Authorization header's value, or null when no credential is configured. */
    static String authorization(BridgeConfig.Polytomic polytomic) {
        Optional<String> apiKey = polytomic.apiKey().map(Secret::get).filter(k -> !k.isBlank());
        if (apiKey.isPresent()) {
            return "Bearer " + apiKey.get().strip();
        }
        Optional<String> organizationKey =
                polytomic.organizationKey().map(Secret::get).filter(k -> !k.isBlank());
        if (polytomic.organizationId().isPresent() && organizationKey.isPresent()) {
            String pair = polytomic.organizationId().get().strip() + ":"
                    + organizationKey.get().strip();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }
}
