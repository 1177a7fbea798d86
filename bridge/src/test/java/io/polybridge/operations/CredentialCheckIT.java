package io.polybridge.operations;

import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.contract.ContractRecorder;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.InjectSimulator;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.LogCapture;
import io.polybridge.support.Management;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Polytomic credential the API rejects is found at start-up (GET /api/me), shown in health and metrics and logged
 * once; commands wait on the topic instead of being dead-lettered, and are applied once the credential is accepted.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(
        value = SimulatorResource.class,
        initArgs = @ResourceArg(name = SimulatorResource.CREDENTIALS, value = "revoked"))
class CredentialCheckIT {

    static final String COMMANDS = "polytomic.sync.commands";
    static final String RESULTS = "polytomic.sync.command-results";
    static final String DLQ = "polytomic.sync.commands.dlq";
    static final String REJECTED_LINE = "Polytomic rejected the configured credential";

    @InjectSimulator
    PolytomicSimulator simulator;

    @InjectSimulator
    ContractRecorder contract;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void cleanUp() {
        simulator.restoreCredentials();
        kafka.close();
        contract.assertClean();
    }

    /**
     * One story, because its first step needs the application as it started: the credential rejected from the start,
     * then accepted, then revoked while the bridge runs, then accepted again.
     */
    @Test
    void aRejectedCredentialHoldsCommandsOnTheTopicUntilTheApiAcceptsIt() {
        rejectedAtStartUp();
        revokedWhileRunning();
    }

    private void rejectedAtStartUp() {
        // Started with the credential revoked: found at start-up, before any command.
        assertCredential("rejected", 503);
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        String waiting = "cred-" + UUID.randomUUID();
        kafka.send(COMMANDS, sync.id(), activate(waiting));

        // Rechecked every second (test profile) and still rejected: the command waits, nothing is dead-lettered.
        assertThat(kafka.readFor(DLQ, Duration.ofSeconds(4)))
                .noneMatch(r -> sync.id().equals(text(r.key())));
        assertThat(simulator.journal().mutations(sync.id())).isEmpty();
        assertThat(simulator.journal().entries())
                .as("rechecks of the credential while it is rejected")
                .filteredOn(CredentialCheckIT::isIdentityCall)
                .hasSizeGreaterThanOrEqualTo(2);

        simulator.restoreCredentials();
        awaitApplied(waiting);
        assertCredential("accepted", 200);
        assertThat(simulator.sync(sync.id()).orElseThrow().active()).isTrue();
    }

    private void revokedWhileRunning() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        try (LogCapture log = LogCapture.of("io.polybridge")) {
            simulator.revokeCredentials();
            // The first 401 (this command's, or a status poll's that got there first) makes the bridge check its
            // credential: found rejected, intake pauses. A command that met the 401 itself is rejected and
            // dead-lettered like any refused command; one that came after waits on the topic.
            String first = "cred-" + UUID.randomUUID();
            kafka.send(COMMANDS, sync.id(), activate(first));
            awaitCredential("rejected");
            String next = "cred-" + UUID.randomUUID();
            kafka.send(COMMANDS, sync.id(), activate(next));
            assertThat(kafka.readFor(DLQ, Duration.ofSeconds(4)))
                    .extracting(r -> String.valueOf(text(r.value())))
                    .noneMatch(v -> v.contains(next));
            assertThat(simulator.journal().mutations(sync.id()))
                    .as("calls for the sync while the credential is revoked: at most the first command's")
                    .hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(e -> assertThat(e.status()).isEqualTo(401));

            simulator.restoreCredentials();
            awaitApplied(next);
            List<LogCapture.Line> rejected = log.lines().stream()
                    .filter(l -> l.message().contains(REJECTED_LINE))
                    .toList();
            assertThat(rejected)
                    .as("one line for the rejection, however many rechecks")
                    .hasSize(1);
            assertThat(rejected.get(0).level()).isEqualTo(org.jboss.logmanager.Level.ERROR);
            assertThat(rejected.get(0).message()).contains("POLYTOMIC_API_KEY");
        }
    }

    private void awaitApplied(String commandId) {
        List<ConsumerRecord<byte[], byte[]>> results =
                kafka.readUntil(RESULTS, Duration.ofSeconds(30), seen -> seen.stream()
                        .anyMatch(r -> String.valueOf(text(r.value())).contains(commandId)));
        assertThat(results.stream()
                        .map(KafkaTestClient::json)
                        .filter(r -> commandId.equals(r.path("commandId").asText()))
                        .map(r -> r.path("outcome").asText()))
                .containsExactly("applied");
    }

    private void awaitCredential(String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        apiCheck().get("data"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("credential", state));
    }

    private void assertCredential(String state, int startedStatus) {
        awaitCredential(state);
        Management.given(management).get("/q/health/started").then().statusCode(startedStatus);
        // The breaker is no part of it, and readiness stays up: the pod still takes commands over HTTP onto Kafka.
        Management.given(management).get("/q/health/ready").then().statusCode(200);
    }

    private Map<String, Object> apiCheck() {
        JsonPath health =
                Management.given(management).get("/q/health").then().extract().jsonPath();
        return HealthIT.check(health, "polytomic-api");
    }

    private static String activate(String id) {
        return "{\"id\":\"" + id + "\",\"action\":\"activate\",\"syncType\":\"model\"}";
    }

    static boolean isIdentityCall(JournalEntry e) {
        return "/api/me".equals(e.path());
    }
}
