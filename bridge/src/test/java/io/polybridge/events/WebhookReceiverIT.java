package io.polybridge.events;

import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.Webhooks;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.PrometheusText;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook receiver: signed deliveries are published within a second with the feed and polling both away, every
 * refusal has its status and publishes nothing, and a storm of copies publishes once.
 */
@QuarkusTest
@TestProfile(FeedProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class WebhookReceiverIT extends SimulatedApiTest {

    static final String STATUS = "polytomic.sync.status";

    @TestHTTPResource(WebhookReceiver.PATH)
    URL receiver;

    @Inject
    EventsFeed feed;

    @Inject
    io.polybridge.status.TrackingRegistry registry;

    private final KafkaTestClient kafka = new KafkaTestClient();

    @BeforeEach
    void webhookOnlyTellsOfChanges() {
        // The feed away: what is published within seconds came through a delivery (polling is at its hour backstop).
        feed.suspend();
        simulator.webhooks().register(receiver.toString(), FeedProfile.SECRET).retryBase(Duration.ofMillis(50));
    }

    @AfterEach
    void cleanUp() {
        feed.resume();
        kafka.close();
    }

    static String sign(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    static long terminal(List<ConsumerRecord<byte[], byte[]>> records, String syncId) {
        return KafkaTestClient.json(records.stream()
                        .filter(r -> syncId.equals(text(r.key())))
                        .toList())
                .stream()
                .filter(e -> e.path("terminal").asBoolean())
                .count();
    }

    double metric(String name, String... labels) {
        return PrometheusText.sum(management().get("/q/metrics").asString(), name, labels);
    }

    @Test
    void aSignedDeliveryIsPublishedWithoutFeedOrPolling() {
        Map<TopicPartition, Long> from = kafka.endOffsets(STATUS);
        double followed = metric("bridge_status_hints_total", "source=\"webhook\"", "outcome=\"followed\"");
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMillis(300));
        String execution = sync.startExecution();

        List<ConsumerRecord<byte[], byte[]>> seen =
                kafka.readUntil(from, Duration.ofSeconds(20), all -> terminal(all, sync.id()) >= 1);

        List<Webhooks.Delivery> deliveries = ours(sync);
        assertThat(deliveries).isNotEmpty().allSatisfy(d -> assertThat(d.status())
                .isEqualTo(200));
        assertThat(KafkaTestClient.json(seen.stream()
                        .filter(r -> sync.id().equals(text(r.key())))
                        .toList()))
                .last()
                .satisfies(e -> assertThat(e.path("executionId").asText()).isEqualTo(execution));
        assertThat(simulator.journal().entries()).noneMatch(e -> e.path().equals("/api/events"));
        // Nobody started it through Kafka and the feed was away: only a delivery can have made the bridge follow it.
        assertThat(metric("bridge_status_hints_total", "source=\"webhook\"", "outcome=\"followed\""))
                .isGreaterThan(followed);
    }

    @Test
    void refusedDeliveriesHaveTheirStatusAndPublishNothing() throws Exception {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMillis(100));
        simulator.webhooks().dropRate(1.0);
        String execution = sync.startExecution();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> sync.lastExecution().orElseThrow().terminal());
        byte[] event = ("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"sync.completed\",\"created_at\":\""
                        + Instant.now() + "\",\"event\":{\"sync_id\":\"" + sync.id() + "\",\"execution_id\":\""
                        + execution + "\"}}")
                .getBytes(StandardCharsets.UTF_8);

        int unsigned = post(event, null);
        int badlySigned = post(event, sign(event, "not-the-secret"));
        int notHex = post(event, "zz-not-a-signature");
        byte[] large = new byte[65 * 1024 + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        int oversized = post(large, sign(large, FeedProfile.SECRET));
        byte[] malformed = "{\"id\":".getBytes(StandardCharsets.UTF_8);
        int broken = post(malformed, sign(malformed, FeedProfile.SECRET));
        byte[] incomplete = "{\"type\":\"sync.completed\"}".getBytes(StandardCharsets.UTF_8);
        int partial = post(incomplete, sign(incomplete, FeedProfile.SECRET));

        List<ConsumerRecord<byte[], byte[]>> published = kafka.readFor(STATUS, Duration.ofSeconds(3));
        long ofSync =
                published.stream().filter(r -> sync.id().equals(text(r.key()))).count();
        System.out.printf(
                "Webhook refusals: unsigned %d, bad signature %d, undecodable signature %d, oversized %d, malformed"
                        + " %d, incomplete %d; status events published for the sync: %d%n",
                unsigned, badlySigned, notHex, oversized, broken, partial, ofSync);
        assertThat(List.of(unsigned, badlySigned, notHex, oversized, broken, partial))
                .containsExactly(401, 403, 403, 413, 400, 400);
        assertThat(ofSync).isZero();
    }

    /**
     * A delivery whose declared length is over the limit is refused from its headers: the receiver, which anyone can
     * reach, does not wait for (or buffer) megabytes it will refuse anyway. The body is never sent here, so only an
     * answer from the headers comes back in time.
     */
    @Test
    void aDeliveryDeclaredTooLargeIsRefusedBeforeItsBodyIsRead() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(receiver.getHost(), receiver.getPort())) {
            socket.setSoTimeout(5_000);
            String head = "POST " + receiver.getPath() + " HTTP/1.1\r\nHost: " + receiver.getHost()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n"
                    + WebhookReceiver.SIGNATURE_HEADER + ": " + "ab".repeat(32) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    /** The receiver's size limit is its own: a command over HTTP is not refused by it, whatever its size. */
    @Test
    void theReceiversSizeLimitDoesNotApplyToOtherEndpoints() {
        String padded = "{\"id\":\"big-" + UUID.randomUUID() + "\",\"syncId\":\"" + UUID.randomUUID()
                + "\",\"action\":\"activate\",\"syncType\":\"model\"}" + " ".repeat(70 * 1024);
        int status = io.polybridge.support.ApiTokens.asOperator()
                .contentType("application/json")
                .body(padded)
                .post("/commands")
                .statusCode();
        assertThat(status).isNotEqualTo(413);
    }

    @Test
    void aDeliveryNeverEndsTrackingTheApiDoesNotConfirm() throws Exception {
        Map<TopicPartition, Long> from = kafka.endOffsets(STATUS);
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(10));
        String execution = sync.startExecution();
        kafka.readUntil(from, Duration.ofSeconds(20), all -> KafkaTestClient.json(all).stream()
                .anyMatch(e -> sync.id().equals(e.path("syncId").asText())
                        && "running".equals(e.path("status").asText())));
        // Signed with the right secret, yet the API says the run goes on: the bridge publishes what the API says.
        byte[] forged = ("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"sync.completed\",\"created_at\":\""
                        + Instant.now() + "\",\"event\":{\"sync_id\":\"" + sync.id() + "\",\"execution_id\":\""
                        + execution + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(post(forged, sign(forged, FeedProfile.SECRET))).isEqualTo(200);

        List<ConsumerRecord<byte[], byte[]>> later = kafka.readFor(STATUS, Duration.ofSeconds(3)).stream()
                .filter(r -> sync.id().equals(text(r.key())))
                .toList();
        assertThat(terminal(later, sync.id())).isZero();
        assertThat(registry.find(sync.id())).isPresent();
    }

    @Test
    void badlySignedDeliveriesPublishNothing() {
        simulator.webhooks().badSignatureRate(1.0);
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMillis(100));
        sync.startExecution();
        // Each event is tried 1 + 5 times, every attempt refused.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ours(sync).size() >= 2 * (1 + 5));

        List<ConsumerRecord<byte[], byte[]>> published = kafka.readFor(STATUS, Duration.ofSeconds(2));
        long ofSync =
                published.stream().filter(r -> sync.id().equals(text(r.key()))).count();
        System.out.printf(
                "Bad signatures: %d deliveries, %d refused with 403, %d status events published%n",
                ours(sync).size(),
                ours(sync).stream().filter(d -> d.status() == 403).count(),
                ofSync);
        assertThat(ours(sync)).allSatisfy(d -> assertThat(d.status()).isEqualTo(403));
        assertThat(ofSync).isZero();
    }

    @Test
    void aStormOfDuplicatesPublishesOnce() {
        simulator.webhooks().storm(20).duplicateRate(1.0);
        Map<TopicPartition, Long> from = kafka.endOffsets(STATUS);
        double accepted = metric("bridge_webhook_deliveries_total", "outcome=\"accepted\"");
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMillis(300));
        sync.startExecution();

        kafka.readUntil(from, Duration.ofSeconds(20), all -> terminal(all, sync.id()) >= 1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ours(sync).size() >= 2 * 21);
        // Until the terminal event again: a fresh consumer's first poll can come back empty on a loaded machine.
        List<ConsumerRecord<byte[], byte[]>> seen =
                kafka.readUntil(from, Duration.ofSeconds(20), all -> terminal(all, sync.id()) >= 1).stream()
                        .filter(r -> sync.id().equals(text(r.key())))
                        .toList();
        List<ConsumerRecord<byte[], byte[]>> later = kafka.readFor(STATUS, Duration.ofSeconds(2)).stream()
                .filter(r -> sync.id().equals(text(r.key())))
                .toList();
        System.out.printf(
                "Duplicate storm: %d deliveries of 2 events, %d answered 200, %d hints accepted, %d status events, %d"
                        + " terminal%n",
                ours(sync).size(),
                ours(sync).stream().filter(d -> d.status() == 200).count(),
                (long) (metric("bridge_webhook_deliveries_total", "outcome=\"accepted\"") - accepted),
                later.size(),
                terminal(later, sync.id()));
        assertThat(terminal(later, sync.id())).isEqualTo(1);
        assertThat(later).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
        assertThat(seen).isNotEmpty();
    }

    private List<Webhooks.Delivery> ours(SimSync sync) {
        return simulator.webhooks().deliveries().stream()
                .filter(d -> sync.id().equals(d.syncId()))
                .toList();
    }

    private int post(byte[] body, String signature) {
        var request = RestAssured.given().contentType("application/json").body(body);
        if (signature != null) {
            request = request.header(WebhookReceiver.SIGNATURE_HEADER, signature);
        }
        return request.post(receiver).statusCode();
    }
}
