package io.polybridge.polytomic;

import io.polybridge.config.BridgeConfig;
import io.smallrye.config.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Adds the credential and the API version to every call: Bearer API key when one is set, else Basic with the
 * organization ID and its organization-scoped (or deployment) key.
 */
@ApplicationScoped
class PolytomicHeaders implements ClientHeadersFactory {

    static final String VERSION_HEADER = "X-Polytomic-Version";

    private final String authorization;
    private final String version;
    private final String userAgent;

    PolytomicHeaders(BridgeConfig config) {
        this.authorization = authorization(config.polytomic());
        this.version = config.polytomic().apiVersion();
        // Which instance called shows up in the API's logs (and in the simulator's journal).
        this.userAgent = "polytomic-kafka-bridge (instance " + config.instanceId() + ")";
    }

    @Override
    public MultivaluedMap<String, String> update(
            MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        if (authorization != null) {
            headers.putSingle("Authorization", authorization);
        }
        headers.putSingle(VERSION_HEADER, version);
        headers.putSingle("User-Agent", userAgent);
        return headers;
    }

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
