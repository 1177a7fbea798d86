package io.polybridge.command;

import static io.polybridge.command.CommandPipelineIT.COMMANDS;
import static io.polybridge.command.CommandPipelineIT.DLQ;
import static io.polybridge.command.CommandPipelineIT.RESULTS;
import static io.polybridge.command.CommandPipelineIT.command;
import static io.polybridge.command.CommandPipelineIT.newId;
import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.Readings;
import io.polybridge.simulator.SimSync;
import io.polybridge.status.TrackingRegistry;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.MessageSchemas;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands the API offers and the bridge must handle as the docs say: one model execution's cancel, inactive syncs. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class ApiCommandsIT extends SimulatedApiTest {

    @Inject
    TrackingRegistry tracking;

    private final KafkaTestClient kafka = new KafkaTestClient();

    /** Where the results topic ended when the test began: results are read from here. */
    private java.util.Map<org.apache.kafka.common.TopicPartition, Long> resultsFrom;

    private java.util.Map<org.apache.kafka.common.TopicPartition, Long> deadLettersFrom;

    @org.junit.jupiter.api.BeforeEach
    void markResults() {
        resultsFrom = kafka.endOffsets(RESULTS);
        deadLettersFrom = kafka.endOffsets(DLQ);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private JsonNode result(String id) {
        JsonNode result = kafka.resultOf(resultsFrom, id, Duration.ofSeconds(20));
        MessageSchemas.assertValid(MessageSchemas.COMMAND_RESULT, result);
        return result;
    }

    @Test
    void cancelsOneExecutionOfAModelSync() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        String execution = sync.startExecution();
        String id = newId();

        kafka.send(COMMANDS, sync.id(), command(id, "cancel", "model", "{\"executionId\":\"" + execution + "\"}"));

        assertThat(result(id).path("outcome").asText()).isEqualTo("applied");
        assertThat(simulator.journal().mutations(sync.id())).singleElement().satisfies(call -> assertThat(call.path())
                .isEqualTo("/api/syncs/" + sync.id() + "/executions/" + execution + "/cancel"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "canceled"
                .equals(sync.lastExecution().orElseThrow().status()));
    }

    @Test
    void aStartOfAnInactiveModelSyncIsRejectedWhicheverWayTheApiAnswers() {
        record Reading(Readings.InactiveModelStart answer, int status) {}
        for (Reading reading : List.of(
                new Reading(Readings.InactiveModelStart.REFUSED, 400),
                new Reading(Readings.InactiveModelStart.REFUSED, 409),
                new Reading(Readings.InactiveModelStart.ACCEPTED_NEVER_RUNS, 200))) {
            simulator.readings().inactiveModelStart(reading.answer()).inactiveStartStatus(reading.status());
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
            String id = newId();

            kafka.send(COMMANDS, sync.id(), command(id, "start", "model", null));

            JsonNode result = result(id);
            assertThat(result.path("outcome").asText())
                    .as(reading + ": " + result)
                    .isEqualTo("rejected");
            assertThat(result.path("message").asText()).as(reading.toString()).startsWith("sync-inactive: ");
            List<ConsumerRecord<byte[], byte[]>> dead =
                    kafka.readUntil(deadLettersFrom, Duration.ofSeconds(20), seen -> seen.stream()
                            .anyMatch(r -> sync.id().equals(text(r.key()))));
            assertThat(dead.stream().filter(r -> sync.id().equals(text(r.key()))))
                    .singleElement()
                    .satisfies(
                            r -> assertThat(header(r, "dead-letter-reason")).startsWith("rejected: sync-inactive: "));
            // Nothing is followed: the producer has its answer, and no run will ever start.
            assertThat(tracking.find(sync.id())).as(reading.toString()).isEmpty();
            assertThat(simulator.journal().mutations(sync.id()))
                    .extracting(JournalEntry::status)
                    .containsExactly(reading.status());
        }
    }

    @Test
    void aStartOfAnActiveModelSyncIsNotHeldUpByTheActivityCheck() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        String id = newId();

        kafka.send(COMMANDS, sync.id(), command(id, "start", "model", null));

        JsonNode result = result(id);
        assertThat(result.path("outcome").asText()).isEqualTo("applied");
        assertThat(result.path("executionId").asText())
                .isEqualTo(sync.currentExecution().orElseThrow().id());
        assertThat(result.has("confirmedBy")).isFalse();
    }
}
