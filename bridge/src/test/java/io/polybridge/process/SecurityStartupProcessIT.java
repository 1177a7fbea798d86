package io.polybridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.PrometheusText;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged bridge as an operator first meets it: it refuses to start with the HTTP API open by accident or with
 * security settings that cannot work (its own, or TLS to the Polytomic API), and says why; turned off on purpose, it starts open and says so. A bridge
 * without a Polytomic credential says that too, and holds its commands.
 */
class SecurityStartupProcessIT {

    @Test
    void refusesToStartWithTheHttpApiOpenByAccident() throws Exception {
        Map<String, String> noTokens = new HashMap<>();
        noTokens.put("BRIDGE_SECURITY_TOKENS_PROCESS_VALUE", null);
        noTokens.put("BRIDGE_SECURITY_TOKENS_PROCESS_ROLE", null);
        try (BridgeProcess bridge = start("no-authentication", noTokens)) {
            assertThat(bridge.awaitExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(bridge.log())
                    .contains("the bridge does not start")
                    .contains("no way to authenticate callers of the HTTP API")
                    .contains("BRIDGE_SECURITY_ENABLED=false");
        }
    }

    @Test
    void refusesToStartWithJwtsButNoIssuerOrKeys() throws Exception {
        try (BridgeProcess bridge = start("jwt-without-issuer", Map.of("BRIDGE_SECURITY_JWT_ENABLED", "true"))) {
            assertThat(bridge.awaitExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(bridge.log())
                    .contains("the bridge does not start")
                    .contains("BRIDGE_SECURITY_JWT_ISSUER")
                    .contains("BRIDGE_SECURITY_JWT_KEY_LOCATION")
                    .doesNotContain(BridgeProcess.TOKEN);
        }
    }

    @Test
    void refusesToStartWithATlsConfigurationForTheApiThatDoesNotExist() throws Exception {
        Map<String, String> env = Map.of(
                "POLYTOMIC_URL", "https://localhost:1",
                "BRIDGE_POLYTOMIC_TLS_CONFIGURATION_NAME", "private-ca");
        try (BridgeProcess bridge = start("api-tls-missing", env)) {
            assertThat(bridge.awaitExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(bridge.log())
                    .contains("bridge.polytomic.tls-configuration-name")
                    .contains("'private-ca'");
        }
    }

    @Test
    void startsOpenOnlyWhenTurnedOffAndSaysSoAndThatItHasNoPolytomicCredential() throws Exception {
        Map<String, String> open = new HashMap<>();
        open.put("BRIDGE_SECURITY_ENABLED", "false");
        open.put("BRIDGE_SECURITY_TOKENS_PROCESS_VALUE", null);
        open.put("BRIDGE_SECURITY_TOKENS_PROCESS_ROLE", null);
        open.put("POLYTOMIC_API_KEY", "");
        try (BridgeProcess bridge = start("open", open)) {
            bridge.awaitReady(Duration.ofSeconds(90));
            assertThat(bridge.log()).contains("WARN").contains("HTTP API authentication is OFF");
            assertThat(bridge.anonymousStatus("/syncs")).isEqualTo(200);
            // No Polytomic credential: found at start-up, not started for Kubernetes, still ready and live.
            assertThat(bridge.log()).contains("No Polytomic credential is configured");
            assertThat(bridge.status("/q/health/started")).isEqualTo(503);
            assertThat(bridge.get("/q/health/started")).containsPattern("\"credential\"\\s*:\\s*\"rejected\"");
            assertThat(bridge.status("/q/health/live")).isEqualTo(200);
            String metrics = bridge.get("/q/metrics");
            assertThat(PrometheusText.sum(metrics, "bridge_api_credential_state"))
                    .isEqualTo(2.0);
            assertThat(PrometheusText.sum(metrics, "bridge_api_breaker_state")).isEqualTo(0.0);
            assertThat(metrics).contains("bridge_api_breaker_state");
        }
    }

    private static BridgeProcess start(String name, Map<String, String> env) throws Exception {
        // Nothing here reaches the API: either the bridge does not start or it has no credential to call it with.
        return BridgeProcess.start(
                "security-" + name, KafkaBrokerResource.bootstrapServers(), "http://localhost:1", "unused", env);
    }
}
