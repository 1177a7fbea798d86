package io.polybridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.contract.ContractRecorder;
import io.polybridge.contract.ContractValidator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's events follow the events guide: one documented event per lifecycle step that has one, listed by
 * {@code GET /api/events} (strictly after / before a time, at most 100, kept 48 hours) and delivered to the
 * organization's one webhook, signed with an HMAC of the body, retried up to 5 times, at most once. Where the docs are
 * silent (order, timestamp precision, signature encoding) it has switches; the faults a test can inject are drops,
 * duplicates, delays, storms and bad signatures. Every exchange and every delivery fits the contract.
 */
class SimulatorEventsTest {

    static final String KEY = "events-test-key";
    static final String SECRET = "whsec-test-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    private final PolytomicSimulator simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
            .withApiKey(KEY)
            .withTiming(Duration.ZERO, Duration.ofMillis(300), Duration.ofMillis(100))
            .withPhases(Duration.ZERO, Duration.ZERO));
    private final ContractRecorder contract = new ContractRecorder();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Vertx vertx = Vertx.vertx();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuse = new AtomicInteger();

    record Received(String body, String signature) {}

    SimulatorEventsTest() {
        simulator.addObserver(contract);
    }

    @AfterEach
    void close() {
        simulator.close();
        vertx.close();
    }

    /** A receiver that answers 500 to the first {@link #refuse} deliveries, then 200. */
    private String receiver() throws Exception {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    if (refuse.getAndDecrement() > 0) {
                        req.response().setStatusCode(500).end();
                        return;
                    }
                    received.add(new Received(body.toString(), req.getHeader("Polytomic-Signature")));
                    req.response().setStatusCode(200).end();
                }));
        server.listen(0, "localhost").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return "http://localhost:" + server.actualPort() + "/hook";
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                        .header("Authorization", "Bearer " + KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree("{\"status\":" + response.statusCode() + ",\"body\":"
                + (response.body().isEmpty() ? "null" : response.body()) + "}");
    }

    private List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.path("data").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static String encode(Instant at) {
        return URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void everyLifecycleStepWithADocumentedEventIsListedOnceWithItsPayload() throws Exception {
        SimSync model = simulator.addModelSync(UUID.randomUUID(), true);
        SimSync bulk = simulator.addBulkSync(UUID.randomUUID(), true).errorsNext();
        SimSync failing = simulator.addModelSync(UUID.randomUUID(), true).failNext();
        SimSync withErrors = simulator.addModelSync(UUID.randomUUID(), true).completeWithErrorsNext();
        SimSync interrupted = simulator.addBulkSync(UUID.randomUUID(), true).interruptNext();
        SimSync canceled = simulator.addBulkSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        for (SimSync sync : List.of(model, bulk, failing, withErrors, interrupted, canceled)) {
            sync.startExecution();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> simulator.events().all().size() >= 10);
        send("POST", "/api/bulk/syncs/" + canceled.id() + "/cancel", "");
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> simulator.events().all().size() >= 11);

        List<String> all = types(get("/api/events?limit=100"));
        assertThat(all)
                .containsExactlyInAnyOrder(
                        "sync.running",
                        "sync.completed",
                        "bulk_sync.running",
                        "bulk_sync.completed_with_error",
                        "sync.running",
                        "sync.failed",
                        "sync.running",
                        "sync.completed_with_errors",
                        // interrupted has no documented event: only its start is told
                        "bulk_sync.running",
                        "bulk_sync.running",
                        "bulk_sync.canceled");
        JsonNode one = get("/api/events?type=sync.failed").path("data").get(0);
        assertThat(one.path("event").path("sync_id").asText()).isEqualTo(failing.id());
        assertThat(one.path("event").path("execution_id").asText())
                .isEqualTo(failing.lastExecution().orElseThrow().id());
        assertThat(one.path("event").path("error").asText()).isEqualTo("simulated failure");
        contract.assertClean();
    }

    @Test
    void theListIsStrictlyBetweenItsBoundsAtMostAHundredAndOrderedAsSwitched() throws Exception {
        simulator.readings().eventTimePrecision(ChronoUnit.SECONDS);
        List<SimSync> syncs = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
            sync.startExecution();
            syncs.add(sync);
        }
        syncs.forEach(s -> s.forceStatus("completed"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> simulator.events().all().size() >= 240);

        assertThat(get("/api/events").path("data").size()).as("default limit").isEqualTo(10);
        assertThat(get("/api/events?limit=500").path("data").size())
                .as("at most 100")
                .isEqualTo(100);
        List<SimEvents.Event> kept = simulator.events().all();
        Instant first = kept.get(0).createdAt();
        Instant last = kept.get(kept.size() - 1).createdAt();
        assertThat(first.getNano()).as("seconds precision").isZero();
        long atFirst = kept.stream().filter(e -> e.createdAt().equals(first)).count();
        assertThat(get("/api/events?limit=100&starting_after=" + encode(first)).path("data"))
                .allSatisfy(e ->
                        assertThat(Instant.parse(e.path("created_at").asText())).isAfter(first));
        assertThat(get("/api/events?limit=100&ending_before=" + encode(first.plusNanos(1)))
                        .path("data")
                        .size())
                .isEqualTo((int) Math.min(100, atFirst));

        JsonNode newest = get("/api/events?limit=2").path("data");
        assertThat(Instant.parse(newest.get(0).path("created_at").asText())).isEqualTo(last);
        simulator.readings().eventOrder(Readings.EventOrder.OLDEST_FIRST);
        JsonNode oldest = get("/api/events?limit=2").path("data");
        assertThat(Instant.parse(oldest.get(0).path("created_at").asText())).isEqualTo(first);
        contract.assertClean();
    }

    @Test
    void eventsOlderThanTheRetentionAreGone() throws Exception {
        simulator.events().retention(Duration.ofSeconds(1));
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
        sync.startExecution();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> simulator.events().all().size() == 2);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> get("/api/events").path("data").isEmpty());
        contract.assertClean();
    }

    @Test
    void theOneWebhookGetsEveryEventSignedAndRetriedWhenRefused() throws Exception {
        String endpoint = receiver();
        JsonNode created =
                send("POST", "/api/webhooks", "{\"endpoint\":\"" + endpoint + "\",\"secret\":\"" + SECRET + "\"}");
        assertThat(created.path("status").asInt()).isEqualTo(200);
        assertThat(send("POST", "/api/webhooks", "{\"endpoint\":\"" + endpoint + "\",\"secret\":\"x\"}")
                        .path("status")
                        .asInt())
                .as("one per organization")
                .isEqualTo(422);
        assertThat(get("/api/webhooks").path("data").get(0).path("endpoint").asText())
                .isEqualTo(endpoint);
        simulator.webhooks().retryBase(Duration.ofMillis(50));
        refuse.set(2);

        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
        sync.startExecution();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        ContractValidator validator = new ContractValidator();
        for (Received r : received) {
            assertThat(r.signature()).isEqualTo(hmacSha256Hex(r.body()));
            assertThat(validator.validateEvent(JSON.readTree(r.body()))).isEmpty();
        }
        assertThat(simulator.webhooks().deliveries())
                .extracting(Webhooks.Delivery::status)
                .containsExactly(500, 500, 200, 200);
        // The README tour reads the same list over the control API.
        JsonNode listed = get("/_sim/deliveries");
        List<Integer> statuses = new ArrayList<>();
        listed.forEach(d -> statuses.add(d.path("status").asInt()));
        assertThat(statuses).containsExactly(500, 500, 200, 200);
        assertThat(listed.get(0).path("at").asText())
                .isEqualTo(simulator.webhooks().deliveries().get(0).at().toString());
        contract.assertClean();
    }

    @Test
    void faultsDropDuplicateStormAndMissignDeliveries() throws Exception {
        simulator.webhooks().register(receiver(), SECRET).seed(11).dropRate(0.5);
        for (int i = 0; i < 20; i++) {
            simulator.addModelSync(UUID.randomUUID(), true).startExecution();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> simulator.events().all().size() == 40);
        // Every event either dropped or delivered once: none retried, since the receiver takes them all.
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> simulator.webhooks().deliveries().size() == 40);
        long dropped = simulator.webhooks().deliveries().stream()
                .filter(d -> d.outcome().equals("dropped"))
                .count();
        assertThat(dropped).isBetween(5L, 35L);
        assertThat(received).hasSize(40 - (int) dropped);

        received.clear();
        simulator.webhooks().dropRate(0).storm(5).badSignatureRate(0.5);
        simulator.addModelSync(UUID.randomUUID(), true).startExecution();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 10);
        long honest = received.stream()
                .filter(r -> r.signature().equals(hmacSha256Hex(r.body())))
                .count();
        assertThat(honest).isBetween(1L, 9L);
    }

    @Test
    void theSignatureEncodingIsASwitch() throws Exception {
        simulator.readings().signature(Readings.Signature.HMAC_SHA256_BASE64);
        simulator.webhooks().register(receiver(), SECRET);
        simulator.addModelSync(UUID.randomUUID(), true).startExecution();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received.get(0).signature())
                .isEqualTo(java.util.Base64.getEncoder()
                        .encodeToString(HexFormat.of()
                                .parseHex(hmacSha256Hex(received.get(0).body()))));
    }

    static String hmacSha256Hex(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
