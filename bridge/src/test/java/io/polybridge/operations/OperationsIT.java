package io.polybridge.operations;

import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.polybridge.simulator.SimSync;
import io.polybridge.support.ApiTokens;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.PrometheusText;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API, metrics, and that no credential ever shows up where an operator looks. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class OperationsIT extends SimulatedApiTest {

    static final String COMMANDS = "polytomic.sync.commands";
    static final String DLQ = "polytomic.sync.commands.dlq";

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void closeClient() {
        kafka.close();
    }

    @Test
    void postedCommandsAreValidatedAndApplied() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
        String id = "http-" + UUID.randomUUID();

        ApiTokens.asOperator()
                .contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"syncId\":\"" + sync.id()
                        + "\",\"action\":\"deactivate\",\"syncType\":\"model\"}")
                .post("/commands")
                .then()
                .statusCode(202)
                .body("commandId", equalTo(id))
                .body("syncId", equalTo(sync.id()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> simulator.journal().mutations(sync.id()).size() == 1);
        assertThat(simulator.sync(sync.id()).orElseThrow().active()).isFalse();

        ApiTokens.asOperator()
                .contentType(ContentType.JSON)
                .body("{\"syncId\":\"" + sync.id() + "\",\"action\":\"explode\",\"syncType\":\"model\"}")
                .post("/commands")
                .then()
                .statusCode(400)
                .body("error", equalTo("unknown-action"));
        ApiTokens.asOperator()
                .contentType(ContentType.JSON)
                .body("{\"action\":\"activate\",\"syncType\":\"model\"}")
                .post("/commands")
                .then()
                .statusCode(400)
                .body("error", equalTo("missing-field"));
        ApiTokens.asOperator()
                .contentType(ContentType.JSON)
                .body("{nope")
                .post("/commands")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid-json"));
    }

    @Test
    void trackedSyncsAreListedAndCanBeReconciled() {
        SimSync sync = simulator.addBulkSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        sync.startExecution();

        ApiTokens.asReader().get("/syncs/" + sync.id()).then().statusCode(404);
        ApiTokens.asOperator().post("/syncs/" + sync.id() + "/reconcile").then().statusCode(404);
        ApiTokens.asOperator().post("/syncs/not-a-uuid/reconcile").then().statusCode(400);
        // Sent to the sync's owner as a reconcile command (this instance here), which polls it at once.
        ApiTokens.asOperator()
                .queryParam("syncType", "bulk")
                .post("/syncs/" + sync.id() + "/reconcile")
                .then()
                .statusCode(202)
                .body("syncId", equalTo(sync.id()))
                .body("commandId", startsWith("reconcile-"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> ApiTokens.asReader()
                .get("/syncs/" + sync.id())
                .then()
                .statusCode(200)
                .body(
                        "executionId",
                        equalTo(sync.currentExecution().orElseThrow().id()))
                .body("lastStatus", notNullValue()));
        ApiTokens.asOperator().post("/syncs/" + sync.id() + "/reconcile").then().statusCode(202);
        ApiTokens.asReader().get("/syncs").then().statusCode(200).body("syncId", hasItem(sync.id()));
        ApiTokens.asReader().get("/syncs/" + sync.id()).then().statusCode(200).body("kind", equalTo("bulk"));
    }

    @Test
    void deadLetteredCommandsCanBeRedrivenByCommandId() {
        String unknown = UUID.randomUUID().toString();
        String id = "redrive-" + UUID.randomUUID();
        kafka.send(COMMANDS, unknown, "{\"id\":\"" + id + "\",\"action\":\"activate\",\"syncType\":\"model\"}");
        kafka.readUntil(
                DLQ, Duration.ofSeconds(30), seen -> seen.stream().anyMatch(r -> unknown.equals(text(r.key()))));

        simulator.addModelSync(unknown, false); // the cause is fixed: the sync exists now
        ApiTokens.asOperator()
                .contentType(ContentType.JSON)
                .body("{\"commandIds\":[\"" + id + "\"]}")
                .post("/dlq/redrive")
                .then()
                .statusCode(200)
                .body("redriven", equalTo(1));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                        simulator.sync(unknown).orElseThrow().active())
                .as("calls %s", simulator.journal().mutations(unknown))
                .isTrue());
        ApiTokens.asOperator()
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/dlq/redrive")
                .then()
                .statusCode(400);
    }

    @Test
    void commandsHeldByAnOutageShowInTheMetricsAndEveryMeterIsExposed() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);

        simulator.faults().outage(Duration.ofMinutes(2));
        for (int i = 0; i < 6 && !breaker.isOpen(); i++) {
            kafka.send(
                    COMMANDS,
                    sync.id(),
                    "{\"id\":\"hl-" + UUID.randomUUID() + "\",\"action\":\"activate\",\"syncType\":\"model\"}");
            int sent = i;
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() ->
                            breaker.isOpen() || simulator.journal().entries().size() > sent);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(breaker::isOpen);
        // The commands caught by the outage are held, retrying, and show as in flight.
        assertThat(inFlight()).isPositive();

        simulator.faults().endOutage();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !breaker.isOpen());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 0);

        // The commands sent during the outage are applied once it is over, so every meter has been touched.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> management().get("/q/metrics").asString().contains("bridge_commands_total"));
        String metrics =
                management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains(
                        "bridge_commands_total",
                        "bridge_api_calls_seconds",
                        "bridge_api_retries_total",
                        "bridge_api_breaker_state",
                        "bridge_api_credential_state",
                        "bridge_commands_in_flight",
                        "bridge_commands_waiting",
                        "bridge_commands_queued",
                        "bridge_status_tracked",
                        "bridge_status_poll_cycle_seconds",
                        "bridge_status_poll_calls");
    }

    private double inFlight() {
        return PrometheusText.sum(management().get("/q/metrics").asString(), "bridge_commands_in_flight");
    }

    @Test
    void credentialsAreSecretsThatNoGenericConfigLookupReveals() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        for (String key : List.of(
                "bridge.polytomic.api-key",
                "bridge.polytomic.organization-key",
                "bridge.security.tokens.test-operator.value",
                "bridge.security.tokens.test-reader.value")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.getValue(key, String.class))
                    .as(key)
                    .isInstanceOf(SecurityException.class);
        }
    }

    @Test
    void aTokenThatIsNotConfiguredIsRefusedWhenJwtsAreOff() {
        // Not a static token, and with JWT authentication off it is not handed to the JWT validator either.
        ApiTokens.bearer(ApiTokens.OPERATOR + "x").get("/syncs").then().statusCode(401);
        ApiTokens.bearer(ApiTokens.OPERATOR.substring(1)).get("/syncs").then().statusCode(401);
        ApiTokens.bearer(io.polybridge.support.JwtIssuerResource.token("operator"))
                .get("/syncs")
                .then()
                .statusCode(401);
        ApiTokens.asReader().get("/syncs").then().statusCode(200);
    }

    @Test
    void noCredentialAppearsInLogsMetricsHealthOrErrors() throws Exception {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
        simulator.faults().errorRate(1.0, 500);
        kafka.send(
                COMMANDS,
                sync.id(),
                "{\"id\":\"sec-" + UUID.randomUUID() + "\",\"action\":\"cancel\",\"syncType\":\"model\"}");
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> simulator.journal().entries().size() >= 2);
        simulator.faults().clear();

        List<String> surfaces = List.of(
                management().get("/q/metrics").asString(),
                management().get("/q/health").asString(),
                ApiTokens.asReader().get("/syncs").asString(),
                ApiTokens.asReader().get("/syncs/not-a-uuid").asString(),
                ApiTokens.bearer(ApiTokens.OPERATOR + "x").get("/syncs").asString(),
                ApiTokens.asReader()
                        .contentType(ContentType.JSON)
                        .body("{\"syncId\":\"x\"}")
                        .post("/commands")
                        .asString(),
                ApiTokens.asOperator()
                        .contentType(ContentType.JSON)
                        .body("{\"syncId\":\"x\"}")
                        .post("/commands")
                        .asString(),
                Files.readString(Path.of("target/test-bridge.log")));
        for (String surface : surfaces) {
            assertThat(surface)
                    .doesNotContain(SimulatorResource.API_KEY)
                    .doesNotContain(SimulatorResource.ORG_KEY)
                    .doesNotContain(ApiTokens.OPERATOR)
                    .doesNotContain(ApiTokens.READER)
                    .doesNotContainPattern(ApiTokens.JWT);
        }
        assertThat(simulator.journal().entries())
                .allSatisfy(e -> assertThat(e.headers().get("authorization")).isEqualTo("Bearer"));
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readUntil(DLQ, Duration.ofSeconds(5), seen -> true);
        assertThat(dead).noneMatch(r -> new String(r.headers().toString()).contains(SimulatorResource.API_KEY));
    }
}
