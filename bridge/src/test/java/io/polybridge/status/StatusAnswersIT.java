package io.polybridge.status;

import static io.polybridge.status.StatusTrackingIT.COMMANDS;
import static io.polybridge.status.StatusTrackingIT.STATUS;
import static io.polybridge.status.StatusTrackingIT.command;
import static io.polybridge.status.StatusTrackingIT.reached;
import static io.polybridge.status.StatusTrackingIT.statuses;
import static io.polybridge.support.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.UnknownSyncIds;
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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One answer never loses track of a sync: a 404 or a sync left out of a list-status answer ends tracking of that sync
 * only, after the single-sync call confirmed it is gone, and says so with an event; an answer whose status is missing,
 * null or not a string stops neither that sync's tracking nor its batch's.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class StatusAnswersIT extends SimulatedApiTest {

    static final String TRACKING_ENDED = "polytomic.sync.tracking.ended";

    @Inject
    TrackingRegistry registry;

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void closeClient() {
        kafka.close();
    }

    /** The status records of one sync, once {@code done} holds for them; each one fits the published schema. */
    private List<ConsumerRecord<byte[], byte[]>> records(String syncId, Predicate<List<JsonNode>> done) {
        List<ConsumerRecord<byte[], byte[]>> all = kafka.readUntil(
                STATUS,
                Duration.ofSeconds(30),
                seen -> done.test(KafkaTestClient.json(StatusTrackingIT.of(seen, syncId))));
        List<ConsumerRecord<byte[], byte[]>> ours = StatusTrackingIT.of(all, syncId);
        KafkaTestClient.json(ours).forEach(e -> MessageSchemas.assertValid(MessageSchemas.STATUS_EVENT, e));
        return ours;
    }

    private List<JsonNode> events(String syncId, Predicate<List<JsonNode>> done) {
        return KafkaTestClient.json(records(syncId, done));
    }

    private static boolean trackingEnded(List<JsonNode> events) {
        return events.stream()
                .anyMatch(e -> "tracking-ended".equals(e.path("type").asText()));
    }

    /** Starts each sync and waits until every one is seen running. */
    private void running(SimSync... syncs) {
        for (SimSync sync : syncs) {
            kafka.send(
                    COMMANDS, sync.id(), command("start", sync.kind() == SimSync.Kind.BULK ? "bulk" : "model", null));
        }
        kafka.readUntil(STATUS, Duration.ofSeconds(30), seen -> List.of(syncs).stream()
                .allMatch(s -> reached(KafkaTestClient.json(StatusTrackingIT.of(seen, s.id())), "running")));
    }

    private SimSync add(SimSync.Kind kind, Duration run) {
        SimSync sync = kind == SimSync.Kind.BULK
                ? simulator.addBulkSync(UUID.randomUUID(), true)
                : simulator.addModelSync(UUID.randomUUID(), true);
        return sync.runDuration(run);
    }

    @ParameterizedTest
    @EnumSource(UnknownSyncIds.class)
    void aDeletedBulkSyncEndsOnlyItsOwnTrackingAndSaysSo(UnknownSyncIds reading) {
        simulator.unknownSyncIds(reading);
        SimSync deleted = add(SimSync.Kind.BULK, Duration.ofMinutes(5));
        SimSync kept = add(SimSync.Kind.BULK, Duration.ofSeconds(3));
        running(deleted, kept);
        String execution = deleted.lastExecution().orElseThrow().id();

        simulator.removeSync(deleted.id());

        List<ConsumerRecord<byte[], byte[]>> ended = records(deleted.id(), StatusAnswersIT::trackingEnded);
        List<JsonNode> keptEvents = events(kept.id(), e -> reached(e, "completed"));
        ConsumerRecord<byte[], byte[]> last = ended.get(ended.size() - 1);
        JsonNode event = KafkaTestClient.json(last);
        assertThat(header(last, "ce_type")).isEqualTo(TRACKING_ENDED);
        assertThat(event.path("type").asText()).isEqualTo("tracking-ended");
        assertThat(event.path("reason").asText()).isEqualTo("sync-not-found");
        assertThat(event.path("statusMessage").asText()).contains("404");
        assertThat(event.path("executionId").asText()).isEqualTo(execution);
        assertThat(event.path("previousStatus").asText()).isEqualTo("running");
        assertThat(event.path("terminal").asBoolean()).isFalse();
        assertThat(statuses(keptEvents)).endsWith("completed");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> registry.find(deleted.id())
                .isEmpty());
        assertThat(simulator.journal().count("GET", "/api/bulk/syncs/" + deleted.id() + "/status"))
                .as("the single-sync call confirmed it was gone")
                .isPositive();
        assertThat(records(deleted.id(), StatusAnswersIT::trackingEnded).stream()
                        .filter(r -> TRACKING_ENDED.equals(header(r, "ce_type"))))
                .as("said once")
                .hasSize(1);
    }

    @Test
    void aDeletedModelSyncEndsTrackingAndSaysSo() {
        SimSync deleted = add(SimSync.Kind.MODEL, Duration.ofMinutes(5));
        running(deleted);

        simulator.removeSync(deleted.id());

        List<ConsumerRecord<byte[], byte[]>> ended = records(deleted.id(), StatusAnswersIT::trackingEnded);
        ConsumerRecord<byte[], byte[]> last = ended.get(ended.size() - 1);
        assertThat(header(last, "ce_type")).isEqualTo(TRACKING_ENDED);
        assertThat(KafkaTestClient.json(last).path("reason").asText()).isEqualTo("sync-not-found");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> registry.find(deleted.id())
                .isEmpty());
    }

    /**
     * Syncs whose status answers turn odd (JSON null, left out, a number, an object, in place of the status) while one
     * of the same kind runs to its end: that one's events all come, and the odd ones stay tracked until their status
     * can be read again.
     */
    @ParameterizedTest
    @EnumSource(SimSync.Kind.class)
    void oddStatusesStopNeitherTheirSyncsNorTheOthers(SimSync.Kind kind) {
        List<String> raws = Arrays.asList("null", null, "42", "{\"code\":\"running\"}");
        List<SimSync> odd =
                raws.stream().map(r -> add(kind, Duration.ofMinutes(5))).toList();
        SimSync fine = add(kind, Duration.ofSeconds(3));
        List<SimSync> all = new ArrayList<>(odd);
        all.add(fine);
        running(all.toArray(SimSync[]::new));
        simulator.removeObserver(contract); // the odd answers below are outside the contract on purpose
        try {
            for (int i = 0; i < odd.size(); i++) {
                odd.get(i).forceRawStatus(raws.get(i));
            }

            assertThat(statuses(events(fine.id(), e -> reached(e, "completed"))))
                    .endsWith("completed");
            assertThat(odd).allSatisfy(s -> assertThat(registry.find(s.id()))
                    .as("still tracked")
                    .isPresent());
            odd.forEach(s -> s.forceStatus("completed"));
            for (SimSync s : odd) {
                assertThat(statuses(events(s.id(), e -> reached(e, "completed"))))
                        .endsWith("completed");
            }
        } finally {
            simulator.addObserver(contract);
        }
    }
}
