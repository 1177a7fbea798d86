package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.LogCapture;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The client against the simulator: every operation, every outcome, a read's few retries, Retry-After, the breaker,
 * idempotency. A mutation is one attempt; what follows a failed one is the command loop's (see RecordedFailureIT).
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class PolytomicClientIT extends SimulatedApiTest {

    @Inject
    PolytomicClient client;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static IdempotencyKey key() {
        return IdempotencyKey.fresh("key-" + UUID.randomUUID());
    }

    private static <T> ApiResult<T> await(io.smallrye.mutiny.Uni<ApiResult<T>> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }

    /** The calls this test made: the app's poller may still be polling syncs of earlier tests. */
    private List<JournalEntry> ours() {
        return simulator.journal().entries().stream()
                .filter(e -> simulator.sync(syncIdIn(e.path())).isPresent()
                        || !e.path().matches(".*/[0-9a-f-]{36}/.*"))
                .toList();
    }

    private List<JournalEntry> callsFor(String syncId) {
        return simulator.journal().entries().stream()
                .filter(e -> e.path().contains(syncId))
                .toList();
    }

    private static String syncIdIn(String path) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("/syncs/([0-9a-f-]{36})").matcher(path);
        return m.find() ? m.group(1) : "";
    }

    private JournalEntry onlyCall() {
        assertThat(ours()).hasSize(1);
        return ours().get(0);
    }

    @Test
    void activatesAndDeactivatesBothKinds() {
        String model = simulator.addModelSync(id(), false).id();
        String bulk = simulator.addBulkSync(id(), true).id();

        ApiResult<ActivationResult> on =
                await(client.activate(SyncKind.MODEL, model, true, IdempotencyKey.fresh("key-activate-1")));
        assertThat(on.ok()).isTrue();
        assertThat(on.body().active()).isTrue();
        assertThat(on.body().id()).isEqualTo(model);
        JournalEntry call = onlyCall();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/api/syncs/" + model + "/activate");
        assertThat(call.body()).isEqualTo("{\"active\":true}");
        assertThat(call.idempotencyKey()).isEqualTo("key-activate-1");
        assertThat(call.headers())
                .containsEntry("authorization", "Bearer")
                .containsEntry("x-polytomic-version", "2025-09-18");

        simulator.journal().clear();
        ApiResult<ActivationResult> off = await(client.activate(SyncKind.BULK, bulk, false, key()));
        assertThat(off.body().active()).isFalse();
        assertThat(onlyCall().path()).isEqualTo("/api/bulk/syncs/" + bulk + "/activate");
        assertThat(simulator.sync(bulk).orElseThrow().active()).isFalse();
        assertThat(await(client.syncDefinition(SyncKind.BULK, bulk)).body().active())
                .isFalse();
        assertThat(await(client.syncDefinition(SyncKind.MODEL, model)).body().active())
                .isTrue();
        assertThat(contract.checked())
                .as("exchanges validated against the contract")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void startsFollowsAndCancelsAModelSync() {
        SimSync sync = simulator.addModelSync(id(), true).runDuration(Duration.ofSeconds(30));

        ApiResult<StartedExecution> started =
                await(client.startModelSync(sync.id(), new ModelStartRequest(List.of("a@b.c"), false, true), key()));
        assertThat(started.ok()).isTrue();
        assertThat(started.body().id())
                .isEqualTo(sync.currentExecution().orElseThrow().id());
        assertThat(onlyCall().body()).isEqualTo("{\"identities\":[\"a@b.c\"],\"resync\":false,\"test\":true}");
        assertThat(await(client.modelExecutions(sync.id())).body())
                .extracting(ModelExecution::id)
                .containsExactly(started.body().id());

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                        await(client.modelSyncStatus(sync.id()))
                                .body()
                                .currentExecution()
                                .status())
                .isEqualTo(ExecutionStatus.of(KnownStatus.RUNNING)));

        ApiResult<CancelResult> cancel = await(client.cancel(SyncKind.MODEL, sync.id(), key()));
        assertThat(cancel.ok()).isTrue();
        assertThat(cancel.body().message()).isNotBlank();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ModelExecution execution =
                    await(client.modelExecution(sync.id(), started.body().id())).body();
            assertThat(execution.status().value()).isEqualTo("canceled");
            assertThat(execution.completedAt()).isNotNull();
        });
    }

    @Test
    void startsABulkSyncAndReadsItThroughEveryStatusEndpoint() {
        SimSync sync = simulator.addBulkSync(id(), true, "contact", "company").runDuration(Duration.ofMillis(300));
        SimSync other = simulator.addBulkSync(id(), true);

        ApiResult<BulkExecution> started = await(client.startBulkSync(
                sync.id(), new BulkStartRequest("refetch", null, List.of("contact"), "full"), key()));
        assertThat(started.ok()).isTrue();
        // Only the schemas the start named run.
        assertThat(started.body().schemas())
                .extracting(BulkExecution.Schema::schema)
                .containsExactly("contact");
        assertThat(started.body().resync()).isTrue();
        assertThat(onlyCall().body())
                .isEqualTo("{\"resync_mode\":\"refetch\",\"schemas\":[\"contact\"],\"fetch_mode\":\"full\"}");

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            BulkSyncStatus status = await(client.bulkSyncStatus(sync.id())).body();
            assertThat(status.currentExecution()).isNull();
            assertThat(status.lastExecution()).isNotNull();
            assertThat(status.lastExecution().status().value()).isEqualTo("completed");
        });
        ApiResult<List<BulkStatusSummary>> summary =
                await(client.bulkSyncStatuses(List.of(sync.id(), other.id(), id())));
        assertThat(summary.body())
                .extracting(BulkStatusSummary::syncId)
                .containsExactlyInAnyOrder(sync.id(), other.id());
        BulkStatusSummary mine = summary.body().stream()
                .filter(s -> s.syncId().equals(sync.id()))
                .findFirst()
                .orElseThrow();
        assertThat(mine.schemas()).allSatisfy(s -> {
            assertThat(s.executionId()).isEqualTo(started.body().id());
            assertThat(s.status().value()).isEqualTo("completed");
        });
        JournalEntry list = ours().get(ours().size() - 1);
        assertThat(list.query().get("sync_id")).hasSize(3);

        assertThat(await(client.bulkSyncStatusesOfOrganization(false)).body()).hasSize(2);
        assertThat(await(client.bulkExecution(sync.id(), started.body().id()))
                        .body()
                        .status()
                        .value())
                .isEqualTo("completed");
        assertThat(await(client.bulkExecutions(sync.id())).body())
                .extracting(BulkExecution::id)
                .containsExactly(started.body().id());
    }

    @Test
    void cancelsOneBulkExecutionAndDeactivatingABulkSyncCancelsItsRun() {
        SimSync sync = simulator.addBulkSync(id(), true).runDuration(Duration.ofSeconds(30));
        String first = sync.startExecution();
        assertThat(await(client.cancelExecution(SyncKind.BULK, sync.id(), first, key()))
                        .ok())
                .isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "canceled"
                .equals(sync.lastExecution().orElseThrow().status()));

        sync.startExecution();
        assertThat(await(client.activate(SyncKind.BULK, sync.id(), false, key()))
                        .ok())
                .isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "canceled"
                .equals(sync.lastExecution().orElseThrow().status()));
    }

    @Test
    void cancelsOneModelExecution() {
        SimSync sync = simulator.addModelSync(id(), true).runDuration(Duration.ofSeconds(30));
        String execution = sync.startExecution();
        assertThat(await(client.cancelExecution(SyncKind.MODEL, sync.id(), execution, key()))
                        .ok())
                .isTrue();
        assertThat(onlyCall().path()).isEqualTo("/api/syncs/" + sync.id() + "/executions/" + execution + "/cancel");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "canceled"
                .equals(sync.lastExecution().orElseThrow().status()));
    }

    @Test
    void deactivatingAModelSyncLeavesItsRunGoing() {
        SimSync sync = simulator.addModelSync(id(), true).runDuration(Duration.ofSeconds(30));
        sync.startExecution();
        assertThat(await(client.activate(SyncKind.MODEL, sync.id(), false, key()))
                        .ok())
                .isTrue();
        assertThat(sync.currentExecution()).isPresent();
        assertThat(sync.currentExecution().orElseThrow().terminal()).isFalse();
    }

    @Test
    void mapsEveryErrorOutcome() {
        SimSync bulk = simulator.addBulkSync(id(), true).runDuration(Duration.ofSeconds(30));
        ApiResult<BulkExecution> bad =
                await(client.startBulkSync(bulk.id(), new BulkStartRequest("resync", true, null, null), key()));
        assertThat(bad.outcome()).as(bad.describe()).isEqualTo(Outcome.BAD_REQUEST);
        assertThat(bad.error().message()).contains("exclude");

        ApiResult<CancelResult> missing = await(client.cancel(SyncKind.MODEL, id(), key()));
        assertThat(missing.outcome()).as(missing.describe()).isEqualTo(Outcome.NOT_FOUND);

        bulk.startExecution();
        ApiResult<BulkExecution> conflict = await(client.startBulkSync(bulk.id(), BulkStartRequest.defaults(), key()));
        assertThat(conflict.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(conflict.httpStatus()).isEqualTo(409);

        simulator.faults().onlyPath("/api/bulk/syncs/" + bulk.id()).errorRate(1.0, 403);
        assertThat(await(client.bulkSyncStatus(bulk.id())).outcome()).isEqualTo(Outcome.FORBIDDEN);
        simulator.faults().onlyPath("/api/bulk/syncs/" + bulk.id()).errorRate(1.0, 401);
        assertThat(await(client.bulkSyncStatus(bulk.id())).outcome()).isEqualTo(Outcome.UNAUTHORIZED);
        simulator.faults().clear();
    }

    @Test
    void retriesAReadsServerErrorsWithGrowingDelaysAndGivesUpAfterItsAttempts() {
        String sync = simulator.addModelSync(id(), true).id();
        simulator.faults().onlyPath("/api/syncs/" + sync).errorRate(1.0, 500);

        ApiResult<ModelSyncStatus> result = await(client.modelSyncStatus(sync));

        assertThat(result.outcome()).isEqualTo(Outcome.SERVER_ERROR);
        List<JournalEntry> calls = callsFor(sync);
        assertThat(calls).hasSize(3); // bridge.polytomic.fault-tolerance.read-attempts
        long gap1 = Duration.between(calls.get(0).answeredAt(), calls.get(1).receivedAt())
                .toMillis();
        long gap2 = Duration.between(calls.get(1).answeredAt(), calls.get(2).receivedAt())
                .toMillis();
        assertThat(gap1).isGreaterThanOrEqualTo(45); // retry-delay 50 ms (test profile)
        assertThat(gap2).isGreaterThanOrEqualTo(95); // doubled
    }

    @Test
    void aMutationIsOneAttemptWhateverItMeets() {
        String sync = simulator.addModelSync(id(), false).id();
        simulator.faults().onlyPath("/api/syncs/" + sync).outageNext(1);

        ApiResult<ActivationResult> result = await(client.activate(SyncKind.MODEL, sync, true, key()));

        // What comes next (the same key, a state read, a new key) is the command loop's to decide.
        assertThat(result.outcome()).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(result.outcome().effectUnknown()).isTrue();
        assertThat(callsFor(sync)).hasSize(1);
    }

    @Test
    void recoversWhenAServerErrorIsTransient() {
        String sync = simulator.addModelSync(id(), true).id();
        // One 503 by count, not a timed window: a second failure next to the app's own background calls could make
        // half of the breaker's four-call window and open it, which is another test's subject.
        simulator.faults().onlyPath("/api/syncs/" + sync).outageNext(1);
        ApiResult<ModelSyncStatus> result = await(client.modelSyncStatus(sync));
        assertThat(result.ok()).isTrue();
        assertThat(callsFor(sync))
                .extracting(JournalEntry::status)
                .contains(503)
                .endsWith(200);
    }

    @Test
    void neverCallsAgainBeforeRetryAfter() {
        String sync = simulator.addModelSync(id(), true).id();
        simulator.faults().onlyPath("/api/syncs/" + sync).rateLimitNext(1, 1);

        ApiResult<ModelSyncStatus> result = await(client.modelSyncStatus(sync));

        assertThat(result.ok()).isTrue();
        List<JournalEntry> calls = callsFor(sync);
        assertThat(calls).extracting(JournalEntry::status).containsExactly(429, 200);
        assertThat(Duration.between(calls.get(0).answeredAt(), calls.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void timesOutAHungCallAndRetriesIt() {
        String sync = simulator.addModelSync(id(), true).id();
        simulator.faults().onlyPath("/api/syncs/" + sync).hangNext(1);
        double timedOutBefore = timedOutStatusCalls();
        try (LogCapture log = LogCapture.of("io.polybridge.polytomic")) {
            ApiResult<ModelSyncStatus> result = await(client.modelSyncStatus(sync));
            assertThat(result.ok()).isTrue();
            assertThat(callsFor(sync)).extracting(JournalEntry::status).containsExactly(0, 200);
            // The attempt times itself out: the retry's line says what it follows, and the timeout is counted.
            assertThat(log.lines()).extracting(LogCapture.Line::message).anySatisfy(m -> assertThat(m)
                    .startsWith("API status: attempt 2 after timeout"));
        }
        assertThat(timedOutStatusCalls()).isEqualTo(timedOutBefore + 1);
    }

    private double timedOutStatusCalls() {
        io.micrometer.core.instrument.Timer timer = registry.find("bridge.api.calls")
                .tag("operation", "status")
                .tag("outcome", "timeout")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void aResetAfterTheCallWasAppliedLeavesItsEffectUnknownAndTheKeyGetsItReplayed() {
        SimSync sync = simulator.addModelSync(id(), true).runDuration(Duration.ofSeconds(30));
        simulator.faults().onlyPath("/api/syncs/" + sync.id()).resetNext(1);
        IdempotencyKey key = IdempotencyKey.fresh("key-reset-0001");

        ApiResult<StartedExecution> reset = await(client.startModelSync(sync.id(), ModelStartRequest.defaults(), key));
        assertThat(reset.outcome()).isEqualTo(Outcome.CONNECTION_FAILURE);
        assertThat(reset.outcome().effectUnknown()).isTrue();
        ApiResult<StartedExecution> again = await(client.startModelSync(sync.id(), ModelStartRequest.defaults(), key));

        assertThat(again.ok()).isTrue();
        List<JournalEntry> calls = simulator.journal().mutations(sync.id());
        assertThat(calls).extracting(JournalEntry::status).containsExactly(0, 200);
        assertThat(calls.get(1).replayed()).isTrue();
        assertThat(calls).extracting(JournalEntry::applied).containsExactly(true, false);
        assertThat(again.body().id())
                .isEqualTo(sync.currentExecution().orElseThrow().id());
    }

    @Test
    void replaysTheFirstOutcomeOfAKeyEvenAnError() {
        SimSync sync = simulator.addModelSync(id(), true).runDuration(Duration.ofSeconds(30));
        IdempotencyKey key = IdempotencyKey.fresh("key-replay-0001");
        ApiResult<StartedExecution> first = await(client.startModelSync(sync.id(), ModelStartRequest.defaults(), key));
        ApiResult<StartedExecution> again = await(client.startModelSync(sync.id(), ModelStartRequest.defaults(), key));
        assertThat(again.body().id()).isEqualTo(first.body().id());
        assertThat(callsFor(sync.id())).extracting(JournalEntry::replayed).containsExactly(false, true);

        simulator.faults().onlyPath("/api/syncs/" + sync.id()).errorRate(1.0, 500);
        IdempotencyKey failed = IdempotencyKey.fresh("key-replay-0002");
        await(client.cancel(SyncKind.MODEL, sync.id(), failed));
        simulator.faults().clear();
        ApiResult<CancelResult> replayed = await(client.cancel(SyncKind.MODEL, sync.id(), failed));
        assertThat(replayed.outcome()).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(sync.currentExecution()).isPresent();
    }

    @Test
    void a500ThatMayBeAReplayIsNotCountedAgainstTheBreaker() {
        String sync = simulator.addModelSync(id(), true).id();
        simulator.faults().onlyPath("/api/syncs/" + sync).onlyMethod("POST").appErrorNext(1, 500);
        IdempotencyKey first = IdempotencyKey.fresh("key-breaker-0001");
        assertThat(await(client.activate(SyncKind.MODEL, sync, true, first)).outcome())
                .isEqualTo(Outcome.SERVER_ERROR);

        // A restarted bridge sends its predecessor's keys again and gets their recorded 500s: old news.
        IdempotencyKey replayed = new IdempotencyKey(first.value(), true);
        for (int i = 0; i < 8; i++) {
            assertThat(await(client.activate(SyncKind.MODEL, sync, true, replayed))
                            .outcome())
                    .isEqualTo(Outcome.SERVER_ERROR);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);

        // The same answers to keys this process sent first are the API failing now.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            await(client.activate(SyncKind.MODEL, sync, true, first));
            return breaker.isOpen();
        });
    }

    @Test
    void rejectsIdsThatAreNotUuidsBeforeAnyRequest() {
        for (String bad : List.of("../admin", "%2F..%2F", "x\r\nX-Injected: 1", "", "1-1-1-1-1")) {
            assertThatThrownBy(() -> client.cancel(SyncKind.MODEL, bad, key())).isInstanceOf(InvalidIdException.class);
            assertThatThrownBy(() -> client.cancelExecution(SyncKind.MODEL, id(), bad, key()))
                    .isInstanceOf(InvalidIdException.class);
            assertThatThrownBy(() -> client.modelExecution(id(), bad)).isInstanceOf(InvalidIdException.class);
            assertThatThrownBy(() -> client.bulkSyncStatuses(List.of(id(), bad)))
                    .isInstanceOf(InvalidIdException.class);
        }
        assertThat(ours()).isEmpty();
    }

    @Test
    void breakerOpensStaysOpenHalfOpensAndCloses() {
        String sync = simulator.addModelSync(id(), true).id();
        simulator.faults().onlyPath("/api/syncs/" + sync).outage(Duration.ofMinutes(5));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            await(client.modelSyncStatus(sync));
            return breaker.isOpen();
        });
        long callsWhenOpened = callsFor(sync).size();
        ApiResult<ModelSyncStatus> refused = await(client.modelSyncStatus(sync));
        assertThat(refused.outcome()).isEqualTo(Outcome.CIRCUIT_OPEN);
        assertThat(callsFor(sync)).hasSize((int) callsWhenOpened);

        simulator.faults().endOutage();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> await(client.modelSyncStatus(sync))
                .ok());
        assertThat(breaker.state()).isIn(CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED);
        await(client.modelSyncStatus(sync));
        await(client.modelSyncStatus(sync));
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void expectedAnswersDoNotOpenTheBreaker() {
        for (int i = 0; i < 20; i++) {
            assertThat(await(client.modelSyncStatus(id())).outcome()).isEqualTo(Outcome.NOT_FOUND);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    }
}
