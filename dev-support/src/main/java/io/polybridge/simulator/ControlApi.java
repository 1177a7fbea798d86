package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.UUID;

/**
 * A small HTTP control surface for dev mode, under {@code /_sim}: add syncs, inject and clear faults, read the journal.
 * Not journaled, not authenticated (the simulator only listens on localhost).
 *
 * <ul>
 *   <li>{@code POST /_sim/syncs} {@code {"kind":"model|bulk","id":"<uuid, optional>","active":true,"schemas":[…],
 *       "runSeconds":5}}
 *   <li>{@code POST /_sim/faults} {@code {"latencyMs":50,"errorRate":0.1,"errorStatus":500,"outageSeconds":10,
 *       "rateLimitCalls":3,"retryAfterSeconds":2,"resetCalls":1,"hangCalls":1,"appErrorCalls":1,"appErrorStatus":500,
 *       "edgeErrorCalls":1,"edgeErrorStatus":502}} (application errors are recorded under the Idempotency-Key and
 *       replayed; edge errors and outages are not)
 *   <li>{@code POST /_sim/webhook-faults} {@code {"dropRate":0.3,"duplicateRate":0.1,"badSignatureRate":0.1,
 *       "delayMinMs":0,"delayMaxMs":500,"storm":1}} (webhook deliveries); {@code GET /_sim/deliveries}
 *   <li>{@code DELETE /_sim/faults}; {@code GET /_sim/journal}
 * </ul>
 */
final class ControlApi {

    private final PolytomicSimulator simulator;

    ControlApi(PolytomicSimulator simulator) {
        this.simulator = simulator;
    }

    void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        String method = ctx.request().method().name();
        JsonNode body = ctx.body() == null || ctx.body().length() <= 0 ? Payloads.JSON.createObjectNode() : read(ctx);
        if ("/_sim/syncs".equals(path) && "POST".equals(method)) {
            addSync(ctx, body);
        } else if ("/_sim/faults".equals(path) && "POST".equals(method)) {
            faults(body);
            PolytomicSimulator.noContent(ctx);
        } else if ("/_sim/faults".equals(path) && "DELETE".equals(method)) {
            simulator.faults().clear();
            simulator.restoreCredentials();
            PolytomicSimulator.noContent(ctx);
        } else if ("/_sim/webhook-faults".equals(path) && "POST".equals(method)) {
            webhookFaults(body);
            PolytomicSimulator.noContent(ctx);
        } else if ("/_sim/deliveries".equals(path) && "GET".equals(method)) {
            ArrayNode deliveries = Payloads.JSON.createArrayNode();
            simulator.webhooks().deliveries().forEach(d -> deliveries.add(delivery(d)));
            ctx.response().putHeader("Content-Type", "application/json").end(deliveries.toString());
        } else if ("/_sim/journal".equals(path) && "GET".equals(method)) {
            ArrayNode entries = Payloads.JSON.createArrayNode();
            simulator.journal().entries().forEach(e -> entries.add(Payloads.JSON.valueToTree(summary(e))));
            ctx.response().putHeader("Content-Type", "application/json").end(entries.toString());
        } else {
            ctx.response().setStatusCode(404).end();
        }
    }

    /** One delivery attempt as JSON; written field by field, as the simulator's mapper has no time module. */
    private static JsonNode delivery(Webhooks.Delivery d) {
        return Payloads.JSON
                .createObjectNode()
                .put("eventId", d.eventId())
                .put("type", d.type())
                .put("syncId", d.syncId())
                .put("attempt", d.attempt())
                .put("status", d.status())
                .put("signedWithSecret", d.signedWithSecret())
                .put("outcome", d.outcome())
                .put("at", d.at() == null ? null : d.at().toString());
    }

    private static JsonNode read(RoutingContext ctx) {
        try {
            return Payloads.JSON.readTree(ctx.body().asString());
        } catch (Exception e) {
            return Payloads.JSON.createObjectNode();
        }
    }

    private void addSync(RoutingContext ctx, JsonNode body) {
        String id = body.path("id").asText(UUID.randomUUID().toString());
        boolean active = body.path("active").asBoolean(true);
        SimSync sync;
        if ("bulk".equals(body.path("kind").asText("model"))) {
            String[] schemas = Payloads.JSON.convertValue(
                    body.path("schemas").isArray()
                            ? body.path("schemas")
                            : Payloads.JSON.createArrayNode().add("contact"),
                    String[].class);
            sync = simulator.addBulkSync(id, active, schemas);
        } else {
            sync = simulator.addModelSync(id, active);
        }
        if (body.has("runSeconds")) {
            sync.runDuration(Duration.ofMillis((long) (body.path("runSeconds").asDouble() * 1000)));
        }
        ctx.response()
                .setStatusCode(201)
                .putHeader("Content-Type", "application/json")
                .end(Payloads.JSON
                        .createObjectNode()
                        .put("id", sync.id())
                        .put("kind", sync.kind().name().toLowerCase())
                        .toString());
    }

    private void faults(JsonNode body) {
        Faults faults = simulator.faults();
        if (body.has("latencyMs")) {
            faults.latency(Duration.ofMillis(body.path("latencyMs").asLong()));
        }
        if (body.has("errorRate")) {
            faults.errorRate(
                    body.path("errorRate").asDouble(), body.path("errorStatus").asInt(500));
        }
        if (body.has("outageSeconds")) {
            faults.outage(Duration.ofMillis((long) (body.path("outageSeconds").asDouble() * 1000)));
        }
        if (body.has("rateLimitCalls")) {
            faults.rateLimitNext(
                    body.path("rateLimitCalls").asInt(),
                    body.path("retryAfterSeconds").asInt(1));
        }
        if (body.has("resetCalls")) {
            faults.resetNext(body.path("resetCalls").asInt());
        }
        if (body.has("hangCalls")) {
            faults.hangNext(body.path("hangCalls").asInt());
        }
        if (body.has("appErrorCalls")) {
            faults.appErrorNext(
                    body.path("appErrorCalls").asInt(),
                    body.path("appErrorStatus").asInt(500));
        }
        if (body.has("edgeErrorCalls")) {
            faults.edgeErrorNext(
                    body.path("edgeErrorCalls").asInt(),
                    body.path("edgeErrorStatus").asInt(503));
        }
        if (body.has("revokeCredentials")) {
            if (body.path("revokeCredentials").asBoolean()) {
                simulator.revokeCredentials();
            } else {
                simulator.restoreCredentials();
            }
        }
    }

    private void webhookFaults(JsonNode body) {
        Webhooks webhooks = simulator.webhooks();
        webhooks.dropRate(body.path("dropRate").asDouble(0));
        webhooks.duplicateRate(body.path("duplicateRate").asDouble(0));
        webhooks.badSignatureRate(body.path("badSignatureRate").asDouble(0));
        webhooks.delay(
                Duration.ofMillis(body.path("delayMinMs").asLong(0)),
                Duration.ofMillis(body.path("delayMaxMs").asLong(0)));
        webhooks.storm(body.path("storm").asInt(1));
    }

    private static java.util.Map<String, Object> summary(JournalEntry e) {
        return java.util.Map.of(
                "method", e.method(),
                "path", e.path(),
                "status", e.status(),
                "idempotencyKey", e.idempotencyKey() == null ? "" : e.idempotencyKey(),
                "replayed", e.replayed(),
                "applied", e.applied(),
                "receivedAt", e.receivedAt().toString());
    }
}
