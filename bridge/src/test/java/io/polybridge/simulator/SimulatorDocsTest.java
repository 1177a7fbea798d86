package io.polybridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.contract.ContractRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator does what Polytomic's docs say, and where they are silent it offers each plausible reading as a
 * switch: recorded and unrecorded server errors, 429s with or without a record, a reused key, the start of an inactive
 * model sync; and it answers the endpoints and fields the docs define (sync definitions, execution lists, bulk start
 * options, the next execution time). Every exchange but the deliberate misuse of a key fits the API contract.
 */
class SimulatorDocsTest {

    static final String KEY = "docs-test-key";
    static final ObjectMapper JSON = new ObjectMapper();

    private final PolytomicSimulator simulator =
            PolytomicSimulator.start(SimulatorOptions.defaults().withApiKey(KEY));
    private final ContractRecorder contract = new ContractRecorder();
    private final HttpClient http = HttpClient.newHttpClient();

    SimulatorDocsTest() {
        simulator.addObserver(contract);
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    record Answer(int status, JsonNode body) {}

    private Answer call(String method, String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + KEY);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if ("POST".equals(method)) {
            request.POST(
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
        } else {
            request.GET();
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    @Test
    void anApplicationErrorIsRecordedUnderTheKeyAndAnEdgeErrorIsNot() throws Exception {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        String path = "/api/syncs/" + sync.id() + "/activate";

        simulator.faults().appErrorNext(1, 500);
        assertThat(call("POST", path, "recorded-0001", "{\"active\":true}").status())
                .isEqualTo(500);
        // The same key gets the 500 again for its lifetime; the sync was not touched.
        assertThat(call("POST", path, "recorded-0001", "{\"active\":true}").status())
                .isEqualTo(500);
        assertThat(sync.active()).isFalse();

        simulator.faults().edgeErrorNext(1, 502);
        assertThat(call("POST", path, "edge-0001", "{\"active\":true}").status())
                .isEqualTo(502);
        // A gateway's error is not the API's outcome: the key goes through afterwards.
        assertThat(call("POST", path, "edge-0001", "{\"active\":true}").status())
                .isEqualTo(200);
        assertThat(sync.active()).isTrue();

        simulator.faults().appErrorAfterApplyNext(1, 500);
        assertThat(call("POST", path, "after-apply-0001", "{\"active\":false}").status())
                .isEqualTo(500);
        assertThat(sync.active()).as("carried out, then answered 500").isFalse();
        assertThat(call("POST", path, "after-apply-0001", "{\"active\":false}").status())
                .isEqualTo(500);

        assertThat(simulator.journal().mutations(sync.id()))
                .extracting(JournalEntry::status, JournalEntry::replayed, JournalEntry::applied)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(500, false, false),
                        org.assertj.core.groups.Tuple.tuple(500, true, false),
                        org.assertj.core.groups.Tuple.tuple(502, false, false),
                        org.assertj.core.groups.Tuple.tuple(200, false, true),
                        org.assertj.core.groups.Tuple.tuple(500, false, true),
                        org.assertj.core.groups.Tuple.tuple(500, true, false));
        contract.assertClean();
    }

    @Test
    void anApplicationOutageAnswersEveryCallAndRecordsEachKeysAnswer() throws Exception {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        String path = "/api/syncs/" + sync.id() + "/activate";
        simulator.faults().appOutage(Duration.ofMinutes(1), 500);
        assertThat(call("POST", path, "outage-0001", "{\"active\":true}").status())
                .isEqualTo(500);
        assertThat(call("GET", "/api/syncs/" + sync.id(), null, null).status()).isEqualTo(500);
        simulator.faults().endOutage();
        assertThat(call("POST", path, "outage-0001", "{\"active\":true}").status())
                .as("recorded")
                .isEqualTo(500);
        assertThat(call("POST", path, "outage-0002", "{\"active\":true}").status())
                .isEqualTo(200);
        contract.assertClean();
    }

    @Test
    void aRateLimitIsRecordedUnderTheKeyOnlyWhenSoSwitched() throws Exception {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        String path = "/api/syncs/" + sync.id() + "/activate";
        simulator.faults().rateLimitNext(1, 1);
        assertThat(call("POST", path, "limited-0001", "{\"active\":true}").status())
                .isEqualTo(429);
        assertThat(call("POST", path, "limited-0001", "{\"active\":true}").status())
                .isEqualTo(200);

        simulator.readings().rateLimitRecorded(true);
        simulator.faults().rateLimitNext(1, 1);
        assertThat(call("POST", path, "limited-0002", "{\"active\":false}").status())
                .isEqualTo(429);
        Answer again = call("POST", path, "limited-0002", "{\"active\":false}");
        assertThat(again.status()).isEqualTo(429);
        assertThat(sync.active()).isTrue();
        contract.assertClean();
    }

    @Test
    void aKeyReusedForAnotherRequestIsReplayedOrRefusedBySwitch() throws Exception {
        SimSync one = simulator.addModelSync(UUID.randomUUID(), true);
        SimSync two = simulator.addModelSync(UUID.randomUUID(), true);
        assertThat(call("POST", "/api/syncs/" + one.id() + "/activate", "reused-0001", "{\"active\":false}")
                        .status())
                .isEqualTo(200);

        Answer replayed = call("POST", "/api/syncs/" + two.id() + "/activate", "reused-0001", "{\"active\":false}");
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().path("data").path("id").asText()).isEqualTo(one.id());
        assertThat(two.active())
                .as("the other sync is untouched: its request was answered from the key")
                .isTrue();

        simulator.readings().keyReuse(Readings.KeyReuse.REJECT);
        Answer refused = call("POST", "/api/syncs/" + one.id() + "/activate", "reused-0001", "{\"active\":true}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("key").asText()).isEqualTo("idempotency_key_reused");
        assertThat(call("POST", "/api/syncs/" + one.id() + "/activate", "reused-0001", "{\"active\":false}")
                        .status())
                .as("the same request still gets its outcome")
                .isEqualTo(200);
        assertThat(one.active()).isFalse();
    }

    @Test
    void anInactiveModelSyncDoesNotRunOnAManualStartWhicheverWayTheApiAnswers() throws Exception {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        String path = "/api/syncs/" + sync.id() + "/executions";

        Answer refused = call("POST", path, "inactive-0001", "{}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("key").asText()).isEqualTo("sync_inactive");
        simulator.readings().inactiveStartStatus(409);
        assertThat(call("POST", path, "inactive-0002", "{}").status()).isEqualTo(409);
        assertThat(sync.lastExecution()).isEmpty();

        simulator.readings().inactiveModelStart(Readings.InactiveModelStart.ACCEPTED_NEVER_RUNS);
        Answer accepted = call("POST", path, "inactive-0003", "{}");
        assertThat(accepted.status()).isEqualTo(200);
        String execution = accepted.body().path("data").path("id").asText();
        assertThat(sync.currentExecution().orElseThrow().id()).isEqualTo(execution);
        assertThat(sync.currentExecution().orElseThrow().status()).isEqualTo("created");

        // Inactive bulk syncs can be started by hand (CreateBulkSyncRequest.active).
        SimSync bulk = simulator.addBulkSync(UUID.randomUUID(), false);
        assertThat(call("POST", "/api/bulk/syncs/" + bulk.id() + "/executions", "inactive-0004", "{}")
                        .status())
                .isEqualTo(200);
        contract.assertClean();
    }

    @Test
    void aBulkStartRunsWhatItAskedFor() throws Exception {
        SimSync sync = simulator.addBulkSync(UUID.randomUUID(), true, "contact", "company", "deal");
        Answer resync = call(
                "POST",
                "/api/bulk/syncs/" + sync.id() + "/executions",
                "bulk-start-0001",
                "{\"resync_mode\":\"rebuild\",\"schemas\":[\"company\"],\"fetch_mode\":\"full\"}");
        assertThat(resync.status()).isEqualTo(200);
        JsonNode execution = resync.body().path("data");
        assertThat(execution.path("is_resync").asBoolean()).isTrue();
        assertThat(execution.path("is_test").asBoolean()).isFalse();
        assertThat(execution.path("fetch_mode").asText()).isEqualTo("full");
        assertThat(execution.path("schemas").findValuesAsText("schema")).containsExactly("company");
        JsonNode summary = call("GET", "/api/bulk/syncs/status?sync_id=" + sync.id(), null, null)
                .body()
                .path("data")
                .get(0);
        assertThat(summary.path("schemas").findValuesAsText("schema")).containsExactly("company");
        sync.forceStatus("completed");

        Answer test =
                call("POST", "/api/bulk/syncs/" + sync.id() + "/executions", "bulk-start-0002", "{\"test\":true}");
        assertThat(test.body().path("data").path("is_test").asBoolean()).isTrue();
        assertThat(test.body().path("data").path("is_resync").asBoolean()).isFalse();
        assertThat(test.body().path("data").path("schemas").findValuesAsText("schema"))
                .containsExactly("contact", "company", "deal");
        sync.forceStatus("completed");

        assertThat(call(
                                "POST",
                                "/api/bulk/syncs/" + sync.id() + "/executions",
                                "bulk-start-0003",
                                "{\"schemas\":[\"nope\"]}")
                        .status())
                .isEqualTo(400);
        contract.assertClean();
    }

    @Test
    void servesSyncDefinitionsExecutionListsAndOneModelExecutionsCancel() throws Exception {
        SimSync model = simulator.addModelSync(UUID.randomUUID(), false).runDuration(Duration.ofMinutes(5));
        SimSync bulk = simulator.addBulkSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        assertThat(call("GET", "/api/syncs/" + model.id(), null, null)
                        .body()
                        .path("data")
                        .path("active")
                        .asBoolean(true))
                .isFalse();
        assertThat(call("GET", "/api/bulk/syncs/" + bulk.id(), null, null)
                        .body()
                        .path("data")
                        .path("active")
                        .asBoolean(false))
                .isTrue();
        assertThat(call("GET", "/api/syncs/" + UUID.randomUUID(), null, null).status())
                .isEqualTo(404);

        String first = model.startExecution();
        model.forceStatus("completed");
        String second = model.startExecution();
        JsonNode list = call("GET", "/api/syncs/" + model.id() + "/executions", null, null)
                .body();
        assertThat(list.path("data").findValuesAsText("id")).containsExactly(second, first);
        assertThat(call("GET", "/api/syncs/" + model.id() + "/executions?ascending=true", null, null)
                        .body()
                        .path("data")
                        .findValuesAsText("id"))
                .containsExactly(first, second);
        assertThat(call("GET", "/api/syncs/" + model.id() + "/executions?only_completed=true", null, null)
                        .body()
                        .path("data")
                        .findValuesAsText("id"))
                .containsExactly(first);

        Answer cancel =
                call("POST", "/api/syncs/" + model.id() + "/executions/" + second + "/cancel", "exec-cancel-01", null);
        assertThat(cancel.status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "canceled"
                .equals(model.lastExecution().orElseThrow().status()));
        assertThat(call(
                                "POST",
                                "/api/syncs/" + model.id() + "/executions/" + UUID.randomUUID() + "/cancel",
                                "exec-cancel-02",
                                null)
                        .status())
                .isEqualTo(404);

        List<String> bulkRuns = List.of(bulk.startExecution());
        JsonNode bulkList = call("GET", "/api/bulk/syncs/" + bulk.id() + "/executions?limit=1", null, null)
                .body();
        assertThat(bulkList.path("data").findValuesAsText("id")).containsExactlyElementsOf(bulkRuns);
        contract.assertClean();
    }

    @Test
    void statusAnswersCarryTheNextScheduledRunOfAnActiveSync() throws Exception {
        SimSync model = simulator.addModelSync(UUID.randomUUID(), true).schedule(Duration.ofHours(1));
        SimSync bulk = simulator.addBulkSync(UUID.randomUUID(), true).schedule(Duration.ofMinutes(10));
        SimSync paused = simulator.addModelSync(UUID.randomUUID(), false).schedule(Duration.ofHours(1));

        Instant next = Instant.parse(call("GET", "/api/syncs/" + model.id() + "/status", null, null)
                .body()
                .path("data")
                .path("next_execution_time")
                .asText());
        assertThat(next).isAfter(Instant.now()).isBeforeOrEqualTo(Instant.now().plus(Duration.ofHours(1)));
        JsonNode summary = call("GET", "/api/bulk/syncs/status?sync_id=" + bulk.id(), null, null)
                .body()
                .path("data")
                .get(0);
        assertThat(Instant.parse(summary.path("nextExecutionTime").asText()))
                .isAfter(Instant.now())
                .isBeforeOrEqualTo(Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(call("GET", "/api/syncs/" + paused.id() + "/status", null, null)
                        .body()
                        .path("data")
                        .path("next_execution_time")
                        .isNull())
                .isTrue();
        contract.assertClean();
    }
}
