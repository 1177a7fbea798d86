package io.polybridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Registration is explicit: with {@code register=true} the bridge creates the organization's webhook, points it here,
 * and health says so; one that points elsewhere is left alone unless {@code replace-existing} says otherwise.
 */
@QuarkusTest
@TestProfile(WebhookRegistrationIT.Register.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class WebhookRegistrationIT extends SimulatedApiTest {

    static final String PUBLIC_URL = "https://bridge.example.com/webhooks/polytomic";

    public static class Register implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bridge.webhook.register",
                    "true",
                    "bridge.webhook.public-url",
                    PUBLIC_URL,
                    "bridge.webhook.secret",
                    FeedProfile.SECRET);
        }
    }

    @Inject
    WebhookRegistration registration;

    String webhookHealth() {
        JsonPath health = management().get("/q/health/ready").jsonPath();
        return health.getString("checks.find { it.name == 'polytomic-webhook' }.data.webhook");
    }

    @Test
    void registerCreatesTheWebhookAndHealthSaysItPointsHere() {
        assertThat(simulator.webhooks().endpoint()).isEmpty();

        // Only the owner of commands partition 0 registers: this instance, once the group has assigned it.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        registration.check().await().atMost(Duration.ofSeconds(10)) == WebhookPlan.State.POINTS_HERE);

        assertThat(simulator.webhooks().endpoint()).contains(PUBLIC_URL);
        assertThat(webhookHealth()).isEqualTo("points-here");
    }

    @Test
    void aWebhookThatServesSomethingElseIsLeftAlone() {
        simulator.webhooks().register("https://other.example.com/hook", "their-secret");

        WebhookPlan.State state = registration.check().await().atMost(Duration.ofSeconds(10));

        assertThat(state).isEqualTo(WebhookPlan.State.ELSEWHERE);
        assertThat(simulator.webhooks().endpoint()).contains("https://other.example.com/hook");
        assertThat(webhookHealth()).isEqualTo("elsewhere");
        assertThat(simulator.journal().entries())
                .noneMatch(
                        e -> e.path().startsWith("/api/webhooks") && !e.method().equals("GET"));
    }
}
