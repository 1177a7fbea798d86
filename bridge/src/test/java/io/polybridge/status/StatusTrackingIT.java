package io.polybridge.status;

import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.MessageSchemas;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands start tracking; every status change becomes one CloudEvent on the status topic, in order. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class StatusTrackingIT extends SimulatedApiTest {

    static final String COMMANDS = "polytomic.sync.commands";
    static final String STATUS = "polytomic.sync.status";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StatusPoller poller;

    @Inject
    TrackingRegistry registry;

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void closeClient() {
        kafka.close();
    }

    static String command(String action, String type, String options) {
        return "{\"id\":\"st-" + UUID.randomUUID() + "\",\"action\":\"" + action + "\",\"syncType\":\"" + type + "\""
                + (options == null ? "" : ",\"options\":" + options) + "}";
    }

    /** The status records of one sync, once {@code done} holds for them. */
    List<ConsumerRecord<byte[], byte[]>> events(String syncId, Predicate<List<JsonNode>> done) {
        List<ConsumerRecord<byte[], byte[]>> all = kafka.readUntil(
                STATUS, Duration.ofSeconds(45), seen -> done.test(KafkaTestClient.json(of(seen, syncId))));
        List<ConsumerRecord<byte[], byte[]>> ours = of(all, syncId);
        KafkaTestClient.json(ours).forEach(e -> MessageSchemas.assertValid(MessageSchemas.STATUS_EVENT, e));
        return ours;
    }

    static List<ConsumerRecord<byte[], byte[]>> of(List<ConsumerRecord<byte[], byte[]>> records, String syncId) {
        return records.stream().filter(r -> syncId.equals(text(r.key()))).toList();
    }

    static List<String> statuses(List<JsonNode> events) {
        return events.stream().map(e -> e.path("status").asText()).toList();
    }

    static boolean reached(List<JsonNode> events, String status) {
        return statuses(events).contains(status);
    }

    @Test
    void aStartedModelSyncReportsRunningThenCompletedAsCloudEvents() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofSeconds(2));
        kafka.send(COMMANDS, sync.id(), command("start", "model", null));

        List<ConsumerRecord<byte[], byte[]>> records = events(sync.id(), e -> reached(e, "completed"));
        List<JsonNode> events = KafkaTestClient.json(records);

        assertThat(statuses(events)).containsSubsequence("running", "completed").doesNotHaveDuplicates();
        // What a poll saw of the real lifecycle, in its order (a short phase may fall between two polls).
        assertThat(List.of("created", "queued", "running", "processing", "completed"))
                .containsSubsequence(statuses(events));
        JsonNode done = events.get(events.size() - 1);
        assertThat(done.path("terminal").asBoolean()).isTrue();
        assertThat(done.path("previousStatus").asText())
                .isEqualTo(events.get(events.size() - 2).path("status").asText());
        assertThat(done.path("syncType").asText()).isEqualTo("model");
        assertThat(done.path("executionId").asText())
                .isEqualTo(sync.lastExecution().orElseThrow().id());
        assertThat(done.path("recordCount").asLong()).isEqualTo(100);
        assertThat(done.path("completedAt").asText()).isNotBlank();
        ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
        assertThat(header(last, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(last, "ce_type")).isEqualTo("polytomic.sync.status.changed");
        assertThat(header(last, "ce_subject")).isEqualTo(sync.id());
        assertThat(header(last, "ce_source")).isEqualTo("urn:polytomic-kafka-bridge");
        assertThat(records).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> registry.find(sync.id())
                .isEmpty());
    }

    @Test
    void aCanceledBulkSyncReportsCancelingThenCanceledWithSchemaRows() {
        SimSync sync = simulator
                .addBulkSync(UUID.randomUUID(), true, "contact", "company")
                .runDuration(Duration.ofMinutes(5))
                .cancelDelay(Duration.ofSeconds(2));
        kafka.send(COMMANDS, sync.id(), command("start", "bulk", null));
        events(sync.id(), e -> reached(e, "running"));

        kafka.send(COMMANDS, sync.id(), command("cancel", "bulk", null));
        List<JsonNode> events = KafkaTestClient.json(events(sync.id(), e -> reached(e, "canceled")));

        assertThat(statuses(events)).containsSubsequence("running", "canceling", "canceled");
        JsonNode canceled = events.get(events.size() - 1);
        assertThat(canceled.path("terminal").asBoolean()).isTrue();
        assertThat(canceled.path("schemas")).hasSize(2);
        assertThat(canceled.path("schemas").get(0).path("schema").asText()).isIn("contact", "company");
        assertThat(canceled.path("schemas").get(0).path("status").asText()).isEqualTo("canceled");
    }

    @Test
    void aFailingExecutionReportsFailed() {
        SimSync sync = simulator
                .addModelSync(UUID.randomUUID(), true)
                .runDuration(Duration.ofSeconds(1))
                .failWith("quota exceeded");
        kafka.send(COMMANDS, sync.id(), command("start", "model", null));

        List<JsonNode> events = KafkaTestClient.json(events(sync.id(), e -> reached(e, "failed")));

        JsonNode failed = events.get(events.size() - 1);
        assertThat(failed.path("terminal").asBoolean()).isTrue();
        assertThat(failed.path("statusMessage").asText()).contains("quota exceeded");
    }

    @Test
    void aBulkRunThatFinishesWithErrorsEndsTrackingWithATerminalEvent() {
        SimSync sync = simulator
                .addBulkSync(UUID.randomUUID(), true, "contact", "company")
                .runDuration(Duration.ofSeconds(1))
                .errorsNext();
        kafka.send(COMMANDS, sync.id(), command("start", "bulk", null));

        List<JsonNode> events = KafkaTestClient.json(events(sync.id(), e -> reached(e, "errors")));

        JsonNode errors = events.get(events.size() - 1);
        assertThat(errors.path("status").asText()).isEqualTo("errors");
        assertThat(errors.path("terminal").asBoolean()).isTrue();
        assertThat(errors.path("knownStatus").asBoolean()).isTrue();
        assertThat(errors.path("errorCount").asLong()).isPositive();
        assertThat(errors.path("schemas"))
                .hasSize(2)
                .allSatisfy(row -> assertThat(row.path("status").asText()).isEqualTo("completed"));
        assertThat(List.of("created", "scheduled", "running", "exporting", "errors"))
                .containsSubsequence(statuses(events));
        trackingEnds(sync);
    }

    @Test
    void anInterruptedModelRunEndsTrackingWithATerminalEvent() {
        SimSync sync = simulator
                .addModelSync(UUID.randomUUID(), true)
                .runDuration(Duration.ofSeconds(1))
                .interruptNext();
        kafka.send(COMMANDS, sync.id(), command("start", "model", null));

        List<JsonNode> events = KafkaTestClient.json(events(sync.id(), e -> reached(e, "interrupted")));

        JsonNode interrupted = events.get(events.size() - 1);
        assertThat(interrupted.path("terminal").asBoolean()).isTrue();
        assertThat(interrupted.path("statusMessage").asText()).isNotBlank();
        trackingEnds(sync);
    }

    /** Tracking of the sync ends, and with it the polling of its status. */
    private void trackingEnds(SimSync sync) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> registry.find(sync.id())
                .isEmpty());
        long polls = statusCalls(sync);
        poller.cycle().await().atMost(Duration.ofSeconds(30));
        poller.cycle().await().atMost(Duration.ofSeconds(30));
        assertThat(statusCalls(sync)).as("status calls once tracking ended").isEqualTo(polls);
    }

    /** Status calls that asked about this sync: its own, or list-status calls naming it. */
    private long statusCalls(SimSync sync) {
        return simulator.journal().entries().stream()
                .filter(e -> e.path().equals("/api/syncs/" + sync.id() + "/status")
                        || e.path().equals("/api/bulk/syncs/" + sync.id() + "/status")
                        || (e.path().equals("/api/bulk/syncs/status")
                                && e.query().getOrDefault("sync_id", List.of()).contains(sync.id())))
                .count();
    }

    @Test
    void anUnknownStatusIsPublishedAsNotTerminalAndPollingGoesOn() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        kafka.send(COMMANDS, sync.id(), command("start", "model", null));
        events(sync.id(), e -> reached(e, "running"));
        simulator.removeObserver(contract); // the status below is outside the contract on purpose

        sync.forceStatus("paused_for_maintenance");
        List<JsonNode> events = KafkaTestClient.json(events(sync.id(), e -> reached(e, "paused_for_maintenance")));
        JsonNode unknown = events.get(events.size() - 1);
        assertThat(unknown.path("terminal").asBoolean()).isFalse();
        assertThat(unknown.path("knownStatus").asBoolean()).isFalse();

        long before = simulator.journal().count("GET", "/api/syncs/" + sync.id() + "/status");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> simulator.journal().count("GET", "/api/syncs/" + sync.id() + "/status") >= before + 2);
        assertThat(registry.find(sync.id())).isPresent();
        sync.forceStatus("completed");
        events(sync.id(), e -> reached(e, "completed"));
        simulator.addObserver(contract);
    }

    @Test
    void manyBulkSyncsArePolledInBatches() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            SimSync sync = simulator.addBulkSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
            ids.add(sync.id());
            kafka.send(COMMANDS, sync.id(), command("start", "bulk", null));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                .allMatch(id -> registry.find(id)
                        .map(t -> "running".equals(t.lastStatus()))
                        .orElse(false)));

        simulator.journal().clear();
        StatusPoller.CycleStats cycle = poller.cycle().await().atMost(Duration.ofSeconds(30));

        long listCalls = simulator.journal().count("GET", "/api/bulk/syncs/status");
        List<String> polled = simulator.journal().entries().stream()
                .filter(e -> e.path().equals("/api/bulk/syncs/status"))
                .flatMap(e -> e.query().get("sync_id").stream())
                .toList();
        System.out.printf("polling: %d tracked bulk syncs, %d list-status calls in one cycle%n", ids.size(), listCalls);
        // Model syncs left tracked by other test classes may share the cycle; the bulk syncs cost the list calls only.
        assertThat(polled).containsAll(ids);
        assertThat(cycle.calls()).isGreaterThanOrEqualTo((int) listCalls);
        assertThat(listCalls).isBetween(1L, 3L);
        assertThat(simulator.journal().entries()).allSatisfy(e -> {
            if (e.path().equals("/api/bulk/syncs/status")) {
                assertThat(e.query().get("sync_id").size()).isLessThanOrEqualTo(50);
            }
        });
        assertThat(simulator.journal().count("GET", "/api/bulk/syncs/[^/]+/status"))
                .isZero();
    }

    @Test
    void aRebalanceRestoresTrackingAndPublishesNoChangeTwice() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofSeconds(6));
        kafka.send(COMMANDS, sync.id(), command("start", "model", null));
        events(sync.id(), e -> reached(e, "running"));

        kafka.forceRebalance("polytomic-kafka-bridge", COMMANDS);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> registry.ownedPartitions().size() == 3);

        List<ConsumerRecord<byte[], byte[]>> records = events(sync.id(), e -> reached(e, "completed"));
        assertThat(statuses(KafkaTestClient.json(records)))
                .as("no status published twice")
                .doesNotHaveDuplicates()
                .containsSubsequence("running", "completed")
                .endsWith("completed");
        assertThat(records).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
    }
}
