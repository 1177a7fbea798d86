package io.polybridge.security;

import io.polybridge.config.BridgeConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Refuses to start the bridge with a security setting that cannot work, or with the HTTP API open unless the operator
 * turned authentication off on purpose, which is then said at every start. Runs before the Kafka channels connect.
 */
@ApplicationScoped
class SecurityStartupCheck {

    private final BridgeConfig.Security security;

    SecurityStartupCheck(BridgeConfig config) {
        this.security = config.security();
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        if (!security.enabled()) {
            Log.warn("HTTP API authentication is OFF (BRIDGE_SECURITY_ENABLED=false): anyone who reaches the HTTP port"
                    + " may submit, cancel and deactivate syncs, redrive dead letters and list the organization's syncs."
                    + " Turn it on with static tokens or JWTs unless a gateway in front of the bridge authenticates every"
                    + " call.");
            return;
        }
        List<String> problems = SecuritySettings.problems(security);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "The HTTP API's security settings cannot work; the bridge does not start:\n  - "
                            + String.join("\n  - ", problems));
        }
        Map<String, String> tokens = new TreeMap<>();
        security.tokens().forEach((name, token) -> tokens.put(name, token.role().roleName()));
        Log.infof(
                "HTTP API authentication: %s%s",
                tokens.isEmpty()
                        ? "no static tokens"
                        : "static tokens "
                                + tokens.entrySet().stream()
                                        .map(e -> e.getKey() + " (" + e.getValue() + ")")
                                        .collect(Collectors.joining(", ")),
                security.jwt().enabled()
                        ? "; JWTs of " + security.jwt().issuer().orElse("?")
                        : "");
    }
}
