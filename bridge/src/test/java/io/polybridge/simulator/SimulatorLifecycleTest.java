package io.polybridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.polybridge.polytomic.KnownStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Executions walk through the lifecycle the API defines (created, waiting, running, finishing, an ending or a cancel),
 * with every status, per-schema ones included, one the definition allows where it appears.
 */
class SimulatorLifecycleTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final Duration PHASE = Duration.ofSeconds(1);

    private final MovableClock clock = new MovableClock();
    private final SimState state = new SimState(
            clock,
            SimulatorOptions.defaults().withTiming(PHASE, PHASE, PHASE).withPhases(PHASE, PHASE),
            new Readings());

    private SimSync model() {
        return state.add(UUID.randomUUID().toString(), SimSync.Kind.MODEL, true, List.of());
    }

    private SimSync bulk() {
        return state.add(UUID.randomUUID().toString(), SimSync.Kind.BULK, true, List.of("contact", "company"));
    }

    /** The statuses an answer shows at each phase of an execution started now, until it stops changing. */
    private List<String> walk(Function<Instant, String> status) {
        List<String> seen = new ArrayList<>();
        for (int phase = 0; phase < 6; phase++) {
            String now = status.apply(clock.instant());
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                seen.add(now);
            }
            clock.advance(PHASE);
        }
        return seen;
    }

    private static JsonNode data(SimResponse response) {
        assertThat(response.status()).isEqualTo(200);
        return response.body().path("data");
    }

    @Test
    void aManualModelStartIsQueuedRunsProcessesAndCompletes() {
        SimSync sync = model();
        String id = data(state.start(sync, null)).path("id").asText();
        SimExecution e = sync.execution(id).orElseThrow();

        assertThat(walk(now -> Payloads.modelExecution(e, now).path("status").asText()))
                .containsExactly("created", "queued", "running", "processing", "completed");
        assertThat(sync.lastExecution().orElseThrow().terminal()).isTrue();
    }

    @Test
    void aScheduledModelRunWaitsScheduledAndAnotherCanWaitWaiting() {
        SimSync sync = model();
        SimExecution scheduled = sync.start("scheduled");
        assertThat(walk(scheduled::status))
                .containsExactly("created", "scheduled", "running", "processing", "completed");

        SimExecution waiting = sync.waitsIn("waiting").start("runafter");
        assertThat(walk(waiting::status)).containsExactly("created", "waiting", "running", "processing", "completed");
        assertThatThrownBy(() -> sync.finishesIn("exporting")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBulkRunIsScheduledRunsExportsAndEndsWithErrorsWhileItsSchemasComplete() {
        SimSync sync = bulk().errorsNext();
        SimExecution e = sync.start("manual");
        List<String> schemas = new ArrayList<>();

        List<String> statuses = walk(now -> {
            JsonNode execution = Payloads.bulkExecution(e, sync, now);
            execution
                    .path("schemas")
                    .forEach(row -> schemas.add(row.path("status").asText()));
            return execution.path("status").asText();
        });

        assertThat(statuses).containsExactly("created", "scheduled", "running", "exporting", "errors");
        assertThat(schemas).doesNotContain("errors", "canceling").contains("exporting", "completed");
        JsonNode ended = Payloads.bulkExecution(e, sync, clock.instant());
        assertThat(ended.path("error_count").asLong()).isPositive();
        assertThat(ended.path("status_message").asText()).isNotBlank();
        assertThat(ended.path("completed_at").isNull()).isFalse();
        assertThat(Payloads.bulkSummary(sync, e, clock.instant()).path("status").asText())
                .isEqualTo("errors");
        assertThat(sync.current()).isEmpty();
        assertThatThrownBy(() -> model().errorsNext()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBulkRunCanProcessInsteadOfExporting() {
        SimSync sync = bulk().finishesIn("processing");
        SimExecution e = sync.start("manual");
        assertThat(walk(e::status)).containsExactly("created", "scheduled", "running", "processing", "completed");
    }

    @Test
    void interruptedEndsARunOfEitherKindAndANewOneMayStart() {
        SimSync model = model().interruptNext();
        SimExecution m = model.start("manual");
        assertThat(walk(m::status)).endsWith("interrupted");
        assertThat(Payloads.modelExecution(m, clock.instant())
                        .path("errors")
                        .get(0)
                        .asText())
                .isNotBlank();

        SimSync bulk = bulk().interruptNext();
        SimExecution b = bulk.start("manual");
        assertThat(walk(b::status)).endsWith("interrupted");
        assertThat(Payloads.bulkExecution(b, bulk, clock.instant()).path("schemas"))
                .allSatisfy(row -> assertThat(row.path("status").asText()).isEqualTo("interrupted"));
        assertThat(bulk.current()).isEmpty();
        assertThat(data(state.start(bulk, null)).path("status").asText()).isEqualTo("created");
        assertThat(bulk.latest().orElseThrow().ending.status())
                .as("one ending is for one run")
                .isEqualTo("completed");
    }

    @Test
    void aCanceledBulkRunIsCancelingThenCanceledAndItsSchemasNeverCanceling() {
        SimSync sync = bulk();
        SimExecution e = sync.start("manual");
        clock.advance(PHASE.multipliedBy(2).plusMillis(1));
        state.cancel(sync);
        List<String> schemas = new ArrayList<>();

        List<String> statuses = walk(now -> {
            JsonNode execution = Payloads.bulkExecution(e, sync, now);
            execution
                    .path("schemas")
                    .forEach(row -> schemas.add(row.path("status").asText()));
            return execution.path("status").asText();
        });

        assertThat(statuses).containsExactly("canceling", "canceled");
        assertThat(schemas).containsOnly("running", "canceled");
    }

    @Test
    void everyStatusShownIsOneTheDefinitionAllowsWhereItAppears() {
        List<String> modelStatuses = new ArrayList<>();
        List<String> bulkStatuses = new ArrayList<>();
        List<String> schemaStatuses = new ArrayList<>();
        List<SimSync> syncs = List.of(
                model(),
                model(),
                model().failNext(),
                model().interruptNext(),
                bulk(),
                bulk(),
                bulk().errorsNext(),
                bulk().failNext(),
                bulk().interruptNext(),
                bulk().finishesIn("processing"));
        List<SimExecution> executions =
                syncs.stream().map(s -> s.start("manual")).toList();
        for (int step = 0; step < 12; step++) {
            if (step == 3) {
                state.cancel(syncs.get(0));
                state.cancel(syncs.get(4));
            }
            for (int i = 0; i < syncs.size(); i++) {
                SimSync sync = syncs.get(i);
                SimExecution e = executions.get(i);
                if (sync.kind() == SimSync.Kind.MODEL) {
                    modelStatuses.add(Payloads.modelExecution(e, clock.instant())
                            .path("status")
                            .asText());
                } else {
                    JsonNode execution = Payloads.bulkExecution(e, sync, clock.instant());
                    bulkStatuses.add(execution.path("status").asText());
                    execution
                            .path("schemas")
                            .forEach(r -> schemaStatuses.add(r.path("status").asText()));
                    Payloads.bulkSummary(sync, e, clock.instant())
                            .path("schemas")
                            .forEach(r -> schemaStatuses.add(r.path("status").asText()));
                }
            }
            clock.advance(PHASE.dividedBy(2));
        }

        assertThat(modelStatuses).allMatch(s -> known(s, KnownStatus.Scope.MODEL), "known for model executions");
        assertThat(bulkStatuses).allMatch(s -> known(s, KnownStatus.Scope.BULK), "known for bulk executions");
        assertThat(schemaStatuses).allMatch(s -> known(s, KnownStatus.Scope.BULK_SCHEMA), "known for bulk schemas");
        assertThat(modelStatuses)
                .contains(
                        "created", "queued", "running", "processing", "completed", "failed", "interrupted", "canceled");
        assertThat(bulkStatuses)
                .contains(
                        "created",
                        "scheduled",
                        "running",
                        "exporting",
                        "processing",
                        "completed",
                        "errors",
                        "failed",
                        "interrupted",
                        "canceling",
                        "canceled");
    }

    @Test
    void aStatusCanBeForcedToRawJsonOrLeftOut() {
        SimSync sync = bulk();
        SimExecution e = sync.start("manual");

        sync.forceRawStatus("null");
        assertThat(Payloads.bulkExecution(e, sync, clock.instant())
                        .get("status")
                        .isNull())
                .isTrue();
        sync.forceRawStatus("42");
        assertThat(Payloads.bulkSummary(sync, e, clock.instant()).get("status").isNumber())
                .isTrue();
        sync.forceRawStatus(null);
        JsonNode without = Payloads.bulkExecution(e, sync, clock.instant());
        assertThat(without.has("status")).isFalse();
        assertThat(without.path("schemas").get(0).has("status")).isFalse();
        clock.advance(PHASE.multipliedBy(10));
        assertThat(sync.current())
                .as("an execution with no readable status is not over")
                .isPresent();

        sync.forceStatus("completed");
        assertThat(Payloads.bulkExecution(e, sync, clock.instant())
                        .path("status")
                        .asText())
                .isEqualTo("completed");
    }

    @Test
    void listStatusAnswersUnknownSyncIdsAsTheChosenReadingSays() {
        String known = bulk().id();
        String unknown = UUID.randomUUID().toString();

        state.unknownSyncIds(UnknownSyncIds.NOT_FOUND_IF_ANY);
        assertThat(state.listStatus(List.of(known, unknown), false, false).status())
                .isEqualTo(404);
        assertThat(data(state.listStatus(List.of(known, known.toUpperCase()), false, false)))
                .hasSize(1);

        state.unknownSyncIds(UnknownSyncIds.NOT_FOUND_IF_ALL);
        assertThat(data(state.listStatus(List.of(known, unknown), false, false)))
                .hasSize(1);
        assertThat(state.listStatus(List.of(unknown), false, false).status()).isEqualTo(404);

        state.unknownSyncIds(UnknownSyncIds.SKIPPED);
        assertThat(data(state.listStatus(List.of(known, unknown), false, false)))
                .hasSize(1);
        assertThat(data(state.listStatus(List.of(unknown), false, false))).isEmpty();

        state.clear();
        assertThat(state.listStatus(List.of(unknown), false, false).status())
                .as("a reset restores the default reading")
                .isEqualTo(404);
    }

    @Test
    void aRemovedSyncIsGone() {
        SimSync sync = bulk();
        assertThat(state.remove(sync.id().toUpperCase())).isTrue();
        assertThat(state.find(SimSync.Kind.BULK, sync.id())).isEmpty();
    }

    private static boolean known(String status, KnownStatus.Scope scope) {
        return KnownStatus.fromWire(status).map(k -> k.appliesTo(scope)).orElse(false);
    }
}
