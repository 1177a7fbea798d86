package io.polybridge.security;

import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.simulator.SimSync;
import io.polybridge.support.ApiTokens;
import io.polybridge.support.JwtIssuerResource;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the HTTP API against every kind of caller: without a credential or with a wrong one 401, with the
 * read-only role 403 on what writes, with the operator role 2xx; JWTs of the configured issuer and static API tokens
 * alike. A refused call writes nothing to Kafka and calls nothing at Polytomic.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
@WithTestResource(JwtIssuerResource.class)
class HttpAccessIT extends SimulatedApiTest {

    static final String COMMANDS = "polytomic.sync.commands";
    static final String DLQ = "polytomic.sync.commands.dlq";

    /** Who calls, and how each endpoint must answer them. */
    enum Caller {
        NONE(Access.UNAUTHENTICATED),
        WRONG_TOKEN(Access.UNAUTHENTICATED),
        READER_TOKEN_AS_BASIC(Access.UNAUTHENTICATED),
        FOREIGN_JWT(Access.UNAUTHENTICATED),
        OTHER_ISSUER_JWT(Access.UNAUTHENTICATED),
        EXPIRED_JWT(Access.UNAUTHENTICATED),
        JWT_WITHOUT_ROLE(Access.NONE),
        READER_TOKEN(Access.READ),
        READER_JWT(Access.READ),
        OPERATOR_TOKEN(Access.ALL),
        OPERATOR_JWT(Access.ALL);

        final Access access;

        Caller(Access access) {
            this.access = access;
        }

        RequestSpecification request() {
            RequestSpecification given = RestAssured.given();
            switch (this) {
                case NONE:
                    return given;
                case WRONG_TOKEN:
                    return ApiTokens.bearer("test-operator-token-0000000000000000");
                case READER_TOKEN_AS_BASIC:
                    return given.header(
                            "Authorization",
                            "Basic " + Base64.getEncoder().encodeToString(("reader:" + ApiTokens.READER).getBytes()));
                case FOREIGN_JWT:
                    return ApiTokens.bearer(JwtIssuerResource.foreignToken("operator"));
                case OTHER_ISSUER_JWT:
                    return ApiTokens.bearer(JwtIssuerResource.otherIssuerToken("operator"));
                case EXPIRED_JWT:
                    return ApiTokens.bearer(JwtIssuerResource.expiredToken("operator"));
                case JWT_WITHOUT_ROLE:
                    return ApiTokens.bearer(JwtIssuerResource.token("marketing"));
                case READER_TOKEN:
                    return ApiTokens.asReader();
                case READER_JWT:
                    return ApiTokens.bearer(JwtIssuerResource.token("reader"));
                case OPERATOR_TOKEN:
                    return ApiTokens.asOperator();
                default:
                    return ApiTokens.bearer(JwtIssuerResource.token("operator"));
            }
        }
    }

    enum Access {
        UNAUTHENTICATED,
        NONE,
        READ,
        ALL
    }

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void closeClient() {
        kafka.close();
    }

    /** Without a webhook secret (as here) the receiver is off: it refuses every delivery, as not configured. */
    @Test
    void theWebhookReceiverWithoutASecretRefusesDeliveriesAsNotConfigured() {
        RestAssured.given()
                .contentType("application/json")
                .body("{\"id\":\"evt-1\"}")
                .post("/webhooks/polytomic")
                .then()
                .statusCode(404)
                .body("outcome", org.hamcrest.Matchers.is("not-configured"));
    }

    @Test
    void everyEndpointAnswersEachCallerAsItsRoleAllowsAndARefusedCallChangesNothing() {
        // Running, so that tracking it lasts and GET /syncs/{id} has something to show.
        SimSync allowed = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        allowed.startExecution();
        SimSync refused = simulator.addModelSync(UUID.randomUUID(), true);
        // A dead-lettered command to redrive: put on the DLQ directly, so only a redrive brings it to the commands
        // topic.
        String deadId = "dead-" + UUID.randomUUID();
        kafka.send(DLQ, allowed.id(), command(deadId, null));
        // Tracked: the reconcile travels to the sync's owner as a command, which starts tracking it.
        ApiTokens.asOperator()
                .queryParam("syncType", "model")
                .post("/syncs/" + allowed.id() + "/reconcile")
                .then()
                .statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ApiTokens.asReader()
                .get("/syncs/" + allowed.id())
                .then()
                .statusCode(200));

        List<String> submitted = new ArrayList<>();
        List<String> refusedIds = new ArrayList<>();
        Map<String, Integer> answers = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        int redrives = 0;
        for (Caller caller : Caller.values()) {
            boolean writes = caller.access == Access.ALL;
            boolean reads = caller.access == Access.ALL || caller.access == Access.READ;
            int refusal = caller.access == Access.UNAUTHENTICATED ? 401 : 403;
            String id = caller.name().toLowerCase() + "-" + UUID.randomUUID();
            (writes ? submitted : refusedIds).add(id);
            SimSync target = writes ? allowed : refused;
            Map<String, Supplier<Response>> calls = new LinkedHashMap<>();
            calls.put("POST /commands", () -> caller.request()
                    .contentType(ContentType.JSON)
                    .body(command(id, target.id()))
                    .post("/commands"));
            calls.put("POST /dlq/redrive", () -> caller.request()
                    .contentType(ContentType.JSON)
                    .body("{\"commandIds\":[\"" + deadId + "\"]}")
                    .post("/dlq/redrive"));
            calls.put("POST /syncs/{id}/reconcile", () -> caller.request()
                    .queryParam("syncType", "model")
                    .post("/syncs/" + target.id() + "/reconcile"));
            calls.put("GET /syncs", () -> caller.request().get("/syncs"));
            calls.put("GET /syncs/{id}", () -> caller.request().get("/syncs/" + allowed.id()));
            for (Map.Entry<String, Supplier<Response>> call : calls.entrySet()) {
                boolean write = call.getKey().startsWith("POST");
                boolean permitted = write ? writes : reads;
                int status = call.getValue().get().statusCode();
                answers.put(caller + " " + call.getKey(), status);
                boolean ok = permitted ? status >= 200 && status < 300 : status == refusal;
                if (!ok) {
                    wrong.add(caller + " " + call.getKey() + " -> " + status + " (expected "
                            + (permitted ? "2xx" : refusal) + ")");
                }
            }
            if (writes) {
                redrives++;
            }
        }
        System.out.printf("HTTP access: %d calls, %s%n", answers.size(), answers);
        assertThat(wrong).as("answers against the roles").isEmpty();

        // What reached Kafka: every permitted submission and redrive, and nothing of a refused one.
        int expectedRedrives = redrives;
        List<ConsumerRecord<byte[], byte[]>> commands = kafka.readUntil(COMMANDS, Duration.ofSeconds(30), seen -> {
            List<String> values = seen.stream()
                    .map(r -> java.util.Objects.toString(text(r.value()), ""))
                    .toList();
            return submitted.stream().allMatch(id -> values.stream().anyMatch(v -> v.contains(id)))
                    && values.stream().filter(v -> v.contains(deadId)).count() >= expectedRedrives;
        });
        List<String> values = commands.stream()
                .map(r -> java.util.Objects.toString(text(r.value()), ""))
                .toList();
        assertThat(values.stream().filter(v -> v.contains(deadId)))
                .as("redriven copies of the dead-lettered command")
                .hasSize(expectedRedrives);
        for (String id : refusedIds) {
            assertThat(values).as("refused submission %s", id).noneMatch(v -> v.contains(id));
        }
        // A refused reconcile neither polled the sync nor started tracking it.
        assertThat(simulator.journal().entries()).noneMatch(e -> e.path().contains(refused.id()));
        ApiTokens.asOperator().get("/syncs/" + refused.id()).then().statusCode(404);
    }

    @Test
    void aRefusalSaysWhyWithoutEchoingTheCredential() {
        Response missing = RestAssured.given().post("/dlq/redrive");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        Response wrongToken =
                ApiTokens.bearer("not-a-token-of-this-bridge-00000000").get("/syncs");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.asString()).doesNotContain("not-a-token-of-this-bridge");
        Response reader = ApiTokens.asReader()
                .contentType(ContentType.JSON)
                .body("{\"commandIds\":[\"x\"]}")
                .post("/dlq/redrive");
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.asString()).doesNotContain(ApiTokens.READER);
    }

    private static String command(String id, String syncId) {
        return "{\"id\":\"" + id + "\"" + (syncId == null ? "" : ",\"syncId\":\"" + syncId + "\"")
                + ",\"action\":\"activate\",\"syncType\":\"model\"}";
    }
}
