package io.polybridge.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.polybridge.kafka.Channels;
import io.polybridge.simulator.SimSync;
import io.polybridge.status.TrackingRegistry;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the bridge tells Kubernetes: health and metrics on the management port only; readiness stays up while the API
 * breaker is open (commands wait on the topic); liveness fails when the bridge is stuck in a way a restart fixes.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class HealthIT extends SimulatedApiTest {

    static final String COMMANDS = "polytomic.sync.commands";

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    Scheduler scheduler;

    @Inject
    TrackingRegistry registry;

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void closeClient() {
        kafka.close();
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnlyAndTheApiDocsOnTheMainPort() {
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started")) {
            management().get(path).then().statusCode(200);
            given().get(path).then().statusCode(404);
        }
        assertThat(management()
                        .get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("bridge_api_breaker_state");
        given().get("/q/metrics").then().statusCode(404);
        assertThat(management.getPort()).isNotEqualTo(io.restassured.RestAssured.port);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void anOpenBreakerKeepsThePodReadyAndLiveAndShowsInHealthAndMetrics() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
        simulator.faults().outage(Duration.ofMinutes(2));
        for (int i = 0; i < 6 && !breaker.isOpen(); i++) {
            kafka.send(COMMANDS, sync.id(), activate("hb-"));
            int sent = i;
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() ->
                            breaker.isOpen() || simulator.journal().entries().size() > sent);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(breaker::isOpen);

        management().get("/q/health/ready").then().statusCode(200);
        // Open, or half-open for a trial call that the outage fails again: either way, not closed.
        JsonPath health = management().get("/q/health").then().extract().jsonPath();
        assertThat(check(health, "polytomic-api").get("data"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("credential", "accepted")
                .extractingByKey("circuitBreaker")
                .isIn("open", "half-open");
        // Its meter, bridge_api_breaker_state, is read in a fresh JVM (SecurityStartupProcessIT): in this one, a gauge
        // may still be bound to an earlier test class's application.
        // No poll cycle runs while the breaker is open, on purpose: that is no reason for a restart. Held for longer
        // than liveness allows a poller without cycles (5 intervals of 1 s in tests).
        Awaitility.await()
                .pollDelay(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> management().get("/q/health/live").then().statusCode(200));

        simulator.faults().endOutage();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !breaker.isOpen());
    }

    @Test
    void livenessFailsWhileTheCommandConsumerStopsPollingAndRecoversWhenItPollsAgain() throws Exception {
        management().get("/q/health/live").then().statusCode(200);
        CountDownLatch release = new CountDownLatch(1);
        // Holds the consumer's polling thread, as a deadlock in a rebalance listener or a blocked callback would.
        kafkaClients
                .getConsumer(Channels.COMMANDS)
                .runOnPollingThread(consumer -> {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .subscribe()
                .with(ignored -> {}, failure -> {});
        try {
            awaitLivenessDownFor("command-consumer");
        } finally {
            release.countDown();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> management().get("/q/health/live").then().statusCode(200));
    }

    @Test
    void livenessFailsWhenNoPollCycleRunsWhileSyncsAreTracked() {
        // A running execution keeps the sync tracked for as long as the test needs.
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        kafka.send(
                COMMANDS,
                sync.id(),
                "{\"id\":\"track-" + UUID.randomUUID() + "\",\"action\":\"start\",\"syncType\":\"model\"}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> registry.find(sync.id())
                .isPresent());
        management().get("/q/health/live").then().statusCode(200);

        scheduler.pause("status-poller");
        try {
            awaitLivenessDownFor("status-poller");
        } finally {
            scheduler.resume("status-poller");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> management()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("status-poller")));
    }

    /** Liveness answers 503, and the named check is the one that says DOWN. */
    private void awaitLivenessDownFor(String checkName) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath live = management()
                    .get("/q/health/live")
                    .then()
                    .statusCode(503)
                    .extract()
                    .jsonPath();
            assertThat(check(live, checkName)).containsEntry("status", "DOWN");
        });
    }

    private static String activate(String prefix) {
        return "{\"id\":\"" + prefix + UUID.randomUUID() + "\",\"action\":\"activate\",\"syncType\":\"model\"}";
    }

    /** One named check of a health answer. */
    static Map<String, Object> check(JsonPath health, String name) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream()
                .filter(c -> name.equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks));
    }
}
