package io.polybridge.command;

import static io.polybridge.command.CommandPipelineIT.COMMANDS;
import static io.polybridge.command.CommandPipelineIT.RESULTS;
import static io.polybridge.command.CommandPipelineIT.command;
import static io.polybridge.command.CommandPipelineIT.newId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.Readings;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.MessageSchemas;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API records a 500 under the request's Idempotency-Key and replays it for a day: a command that met one must find
 * out from the API's state whether it took effect, and try again under a new key if not, instead of replaying the 500
 * until it expires. Both readings of a 500 are run: raised before the change was made, and after.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class RecordedFailureIT extends SimulatedApiTest {

    private final KafkaTestClient kafka = new KafkaTestClient();

    /** Where the results topic ended when the test began: results are read from here. */
    private java.util.Map<org.apache.kafka.common.TopicPartition, Long> resultsFrom;

    @org.junit.jupiter.api.BeforeEach
    void markResults() {
        resultsFrom = kafka.endOffsets(RESULTS);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    /** One command of the matrix: the sync, the command, the path its call goes to, and what shows it took effect. */
    record Case(
            String name, SimSync sync, String action, String options, String path, Function<SimSync, Boolean> done) {
        String type() {
            return sync.kind() == SimSync.Kind.MODEL ? "model" : "bulk";
        }
    }

    /** The result of one command, waited for at most {@code atMost}. */
    private JsonNode result(String id, Duration atMost) {
        JsonNode result = kafka.resultOf(resultsFrom, id, atMost);
        MessageSchemas.assertValid(MessageSchemas.COMMAND_RESULT, result);
        return result;
    }

    /** The calls of one command, whatever its keys look like: they all start with its ID. */
    private List<JournalEntry> callsOf(String id) {
        return simulator.journal().entries().stream()
                .filter(e -> e.idempotencyKey() != null && e.idempotencyKey().startsWith(id))
                .toList();
    }

    private List<Case> cases() {
        SimSync modelOn = simulator.addModelSync(UUID.randomUUID(), false);
        SimSync modelOff = simulator.addModelSync(UUID.randomUUID(), true);
        SimSync modelStart = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        SimSync modelCancel = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        modelCancel.startExecution();
        SimSync modelCancelOne = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        String modelExecution = modelCancelOne.startExecution();
        SimSync modelOffAndCancel =
                simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        modelOffAndCancel.startExecution();
        SimSync bulkOn = simulator.addBulkSync(UUID.randomUUID(), false);
        SimSync bulkStart = simulator.addBulkSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        SimSync bulkCancel = simulator.addBulkSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        bulkCancel.startExecution();
        SimSync bulkCancelOne = simulator.addBulkSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        String bulkExecution = bulkCancelOne.startExecution();
        Function<SimSync, Boolean> canceling = s -> s.lastExecution()
                .map(e -> e.status().equals("canceling") || e.status().equals("canceled"))
                .orElse(false);
        return List.of(
                new Case("model activate", modelOn, "activate", null, "/api/syncs/%s/activate", SimSync::active),
                new Case("model deactivate", modelOff, "deactivate", null, "/api/syncs/%s/activate", s -> !s.active()),
                new Case("model start", modelStart, "start", null, "/api/syncs/%s/executions", s -> s.currentExecution()
                        .isPresent()),
                new Case("model cancel", modelCancel, "cancel", null, "/api/syncs/%s/cancel", canceling),
                new Case(
                        "model cancel of one execution",
                        modelCancelOne,
                        "cancel",
                        "{\"executionId\":\"" + modelExecution + "\"}",
                        "/api/syncs/%s/executions/" + modelExecution + "/cancel",
                        canceling),
                new Case(
                        "model deactivate with cancelRunning, 500 on its cancel",
                        modelOffAndCancel,
                        "deactivate",
                        "{\"cancelRunning\":true}",
                        "/api/syncs/%s/cancel",
                        s -> !s.active() && canceling.apply(s)),
                new Case("bulk activate", bulkOn, "activate", null, "/api/bulk/syncs/%s/activate", SimSync::active),
                new Case(
                        "bulk start",
                        bulkStart,
                        "start",
                        null,
                        "/api/bulk/syncs/%s/executions",
                        s -> s.currentExecution().isPresent()),
                new Case("bulk cancel", bulkCancel, "cancel", null, "/api/bulk/syncs/%s/cancel", canceling),
                new Case(
                        "bulk cancel of one execution",
                        bulkCancelOne,
                        "cancel",
                        "{\"executionId\":\"" + bulkExecution + "\"}",
                        "/api/bulk/syncs/%s/executions/" + bulkExecution + "/cancel",
                        canceling));
    }

    @Test
    void aRecorded500RaisedBeforeTheChangeIsRetriedUnderANewKeyAndAppliedOnce() {
        for (Case c : cases()) {
            List<String> executionsBefore = executions(c.sync());
            String id = newId();
            String path = c.path().formatted(c.sync().id());
            // One bad command at a time: it alone must not open the breaker.
            breaker.reset();
            simulator.faults().onlyPath(path).onlyMethod("POST").appErrorNext(1, 500);

            kafka.send(COMMANDS, c.sync().id(), command(id, c.action(), c.type(), c.options()));
            JsonNode result = result(id, Duration.ofSeconds(15));

            assertThat(result.path("outcome").asText())
                    .as(c.name() + ": " + result)
                    .isEqualTo("applied");
            assertThat(c.done().apply(c.sync())).as(c.name()).isTrue();
            List<JournalEntry> failed =
                    callsOf(id).stream().filter(e -> e.path().equals(path)).toList();
            assertThat(failed)
                    .as(c.name() + ": the 500, then one call under a new key, never the 500's key again")
                    .extracting(JournalEntry::status, JournalEntry::replayed)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(500, false),
                            org.assertj.core.groups.Tuple.tuple(200, false));
            assertThat(failed.get(0).idempotencyKey())
                    .isNotEqualTo(failed.get(1).idempotencyKey());
            assertThat(callsOf(id).stream().filter(JournalEntry::appliedPost))
                    .as(c.name() + ": every call of the command applied once")
                    .extracting(JournalEntry::path)
                    .doesNotHaveDuplicates();
            assertThat(newExecutions(c, executionsBefore)).as(c.name()).hasSizeLessThanOrEqualTo(1);
            assertThat(breaker.state()).as(c.name()).isEqualTo(CircuitBreakerState.CLOSED);
            simulator.faults().clear();
        }
    }

    @Test
    void aRecorded500RaisedAfterTheChangeIsConfirmedByReadingStateAndNotSentAgain() {
        for (Case c : cases()) {
            List<String> executionsBefore = executions(c.sync());
            String id = newId();
            String path = c.path().formatted(c.sync().id());
            // One bad command at a time: it alone must not open the breaker.
            breaker.reset();
            simulator.faults().onlyPath(path).onlyMethod("POST").appErrorAfterApplyNext(1, 500);

            kafka.send(COMMANDS, c.sync().id(), command(id, c.action(), c.type(), c.options()));
            JsonNode result = result(id, Duration.ofSeconds(15));

            assertThat(result.path("outcome").asText())
                    .as(c.name() + ": " + result)
                    .isEqualTo("applied");
            assertThat(result.path("confirmedBy").asText()).as(c.name()).isEqualTo("state-read");
            assertThat(c.done().apply(c.sync())).as(c.name()).isTrue();
            assertThat(callsOf(id).stream().filter(e -> e.path().equals(path)))
                    .as(c.name() + ": the change was made; nothing is sent again")
                    .extracting(JournalEntry::status, JournalEntry::applied)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(500, true));
            if (c.action().equals("start")) {
                List<String> created = newExecutions(c, executionsBefore);
                assertThat(created).as(c.name()).hasSize(1);
                assertThat(result.path("executionId").asText()).isEqualTo(created.get(0));
            }
            assertThat(breaker.state()).as(c.name()).isEqualTo(CircuitBreakerState.CLOSED);
            simulator.faults().clear();
        }
    }

    @Test
    void aResetAfterTheCallTookEffectIsConfirmedByReadingState() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        String path = "/api/syncs/" + sync.id() + "/executions";
        simulator.faults().onlyPath(path).onlyMethod("POST").resetNext(1);
        String id = newId();

        kafka.send(COMMANDS, sync.id(), command(id, "start", "model", null));
        JsonNode result = result(id, Duration.ofSeconds(15));

        assertThat(result.path("outcome").asText()).isEqualTo("applied");
        assertThat(result.path("executionId").asText())
                .isEqualTo(sync.currentExecution().orElseThrow().id());
        assertThat(sync.allExecutions()).as("one execution, not two").hasSize(1);
        assertThat(callsOf(id).stream().filter(JournalEntry::appliedPost)).hasSize(1);
    }

    @Test
    void a409ThatMayBeAKeyInFlightIsSettledByReadingStateNotByItsWording() {
        // A 409 to a cancel, with a body that says nothing of idempotency: the cancel was carried out.
        SimSync running = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        running.startExecution();
        simulator.faults().onlyPath("/api/syncs/" + running.id() + "/cancel").appErrorAfterApplyNext(1, 409);
        String cancel = newId();
        kafka.send(COMMANDS, running.id(), command(cancel, "cancel", "model", null));
        JsonNode canceled = result(cancel, Duration.ofSeconds(15));
        assertThat(canceled.path("outcome").asText()).isEqualTo("applied");
        assertThat(canceled.path("confirmedBy").asText()).isEqualTo("state-read");
        assertThat(callsOf(cancel)).extracting(JournalEntry::status).containsExactly(409);

        // A 409 to an activate that was not carried out: the state read says so, and the conflict stands.
        SimSync paused = simulator.addModelSync(UUID.randomUUID(), false);
        simulator.faults().onlyPath("/api/syncs/" + paused.id() + "/activate").appErrorNext(1, 409);
        String activate = newId();
        kafka.send(COMMANDS, paused.id(), command(activate, "activate", "model", null));
        JsonNode refused = result(activate, Duration.ofSeconds(15));
        assertThat(refused.path("outcome").asText()).isEqualTo("conflict");
        assertThat(refused.path("httpStatus").asInt()).isEqualTo(409);
        assertThat(paused.active()).isFalse();
        assertThat(callsOf(activate)).extracting(JournalEntry::status).containsExactly(409);
    }

    @Test
    void aRateLimitRecordedUnderTheKeyIsNotReplayedUntilTheCommandExpires() {
        simulator.readings().rateLimitRecorded(true);
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        String path = "/api/syncs/" + sync.id() + "/activate";
        simulator.faults().onlyPath(path).rateLimitNext(1, 1);
        String id = newId();

        kafka.send(COMMANDS, sync.id(), command(id, "activate", "model", null));
        JsonNode result = result(id, Duration.ofSeconds(15));

        assertThat(result.path("outcome").asText()).isEqualTo("applied");
        assertThat(sync.active()).isTrue();
        List<JournalEntry> calls = callsOf(id);
        assertThat(calls).extracting(JournalEntry::status).containsExactly(429, 200);
        assertThat(Duration.between(calls.get(0).answeredAt(), calls.get(1).receivedAt()))
                .as("no sooner than Retry-After")
                .isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void oneCommandIdOnTwoSyncsIsTwoRequestsUnderTwoKeys() {
        for (Readings.KeyReuse reading : Readings.KeyReuse.values()) {
            simulator.readings().keyReuse(reading);
            SimSync one = simulator.addModelSync(UUID.randomUUID(), true);
            SimSync two = simulator.addModelSync(UUID.randomUUID(), true);
            String id = newId();

            kafka.send(COMMANDS, one.id(), command(id, "deactivate", "model", null));
            assertThat(result(id, Duration.ofSeconds(15)).path("outcome").asText())
                    .isEqualTo("applied");
            kafka.send(COMMANDS, two.id(), command(id, "deactivate", "model", null));
            JsonNode second = KafkaTestClient.json(kafka
                    .readUntil(resultsFrom, Duration.ofSeconds(15), seen -> seen.stream()
                            .anyMatch(r -> two.id().equals(KafkaTestClient.text(r.key()))))
                    .stream()
                    .filter(r -> two.id().equals(KafkaTestClient.text(r.key())))
                    .findFirst()
                    .orElseThrow());

            assertThat(second.path("outcome").asText())
                    .as(reading + ": " + second)
                    .isEqualTo("applied");
            assertThat(one.active()).isFalse();
            assertThat(two.active()).as(reading.name()).isFalse();
            assertThat(callsOf(id))
                    .extracting(JournalEntry::idempotencyKey)
                    .as(reading.name())
                    .doesNotHaveDuplicates()
                    .hasSize(2);
        }
    }

    private static List<String> executions(SimSync sync) {
        return sync.allExecutions().stream().map(SimSync.ExecutionView::id).toList();
    }

    /** Executions created since {@code before} was taken. */
    private static List<String> newExecutions(Case c, List<String> before) {
        List<String> created = new ArrayList<>(executions(c.sync()));
        created.removeAll(before);
        return created;
    }
}
