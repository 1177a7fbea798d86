package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The API definition's JSON shapes, built by hand so that a shape mistake in the client is not mirrored here. */
final class Payloads {

    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    static ObjectNode envelope(JsonNode data) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("data", data);
        return envelope;
    }

    static ObjectNode error(int status, String key, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("status", status);
        error.put("key", key);
        error.put("message", message);
        error.set("metadata", JSON.createObjectNode());
        return error;
    }

    static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }

    /** {@code GetIdentityResponseSchema}: {@code id}, {@code email} and {@code role} describe a user caller only. */
    static ObjectNode identity(boolean user, String userId, String organizationId, String organizationName) {
        ObjectNode node = JSON.createObjectNode();
        if (user) {
            node.put("id", userId);
            node.put("email", "bridge@example.com");
            node.put("role", "admin");
        }
        node.put("organization_id", organizationId);
        node.put("organization_name", organizationName);
        node.put("is_user", user);
        node.put("is_organization", !user);
        node.put("is_partner", false);
        node.put("is_system", false);
        return node;
    }

    static ObjectNode activation(String id, boolean active) {
        return JSON.createObjectNode().put("id", id).put("active", active);
    }

    /** {@code GetExecutionResponseSchema}. */
    static ObjectNode modelExecution(SimExecution e, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", e.id);
        node.put("status", e.status(now));
        node.put("type", e.type);
        node.put("created_at", e.createdAt.toString());
        time(node, "started_at", e.startedAtIfStarted(now));
        time(node, "completed_at", e.completedAt(now));
        ArrayNode errors = node.putArray("errors");
        if ("failed".equals(e.status(now)) && e.failureMessage != null) {
            errors.add(e.failureMessage);
        }
        long total = e.terminal(now) ? 100 : 40;
        node.set(
                "counts",
                JSON.createObjectNode()
                        .put("total", total)
                        .put("insert", total / 2)
                        .put("update", total / 2)
                        .put("upserts", 0)
                        .put("delete", 0)
                        .put("error", 0)
                        .put("warnings", 0));
        return node;
    }

    /** {@code BulkSyncExecution} with its per-schema rows. */
    static ObjectNode bulkExecution(SimExecution e, SimSync sync, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", e.id);
        node.put("status", e.status(now));
        node.put("status_message", statusMessage(e, now));
        node.put("type", e.type);
        node.put("is_test", false);
        node.put("is_resync", false);
        node.put("is_partial", false);
        node.put("fetch_mode", "none");
        node.put("output_disposition", "retain");
        node.put("record_count", records(e, now) * sync.schemas().size());
        node.put("error_count", 0);
        node.put("warning_count", 0);
        node.put("created_at", e.createdAt.toString());
        node.put("updated_at", now.toString());
        time(node, "started_at", e.startedAtIfStarted(now));
        time(node, "completed_at", e.completedAt(now));
        ArrayNode schemas = node.putArray("schemas");
        for (String schema : sync.schemas()) {
            ObjectNode row = schemas.addObject();
            row.put("schema", schema);
            row.put("output_name", schema);
            row.put("status", schemaStatus(e, now));
            row.put("status_message", statusMessage(e, now));
            row.put("record_count", records(e, now));
            row.put("error_count", 0);
            row.put("warning_count", 0);
            row.put("created_at", e.createdAt.toString());
            row.put("updated_at", now.toString());
            time(row, "started_at", e.startedAtIfStarted(now));
            time(row, "completed_at", e.completedAt(now));
        }
        return node;
    }

    /** One entry of {@code GET /api/bulk/syncs/status} ({@code BulkSyncExecutionStatus}). */
    static ObjectNode bulkSummary(SimSync sync, SimExecution e, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("sync_id", sync.id());
        node.putNull("nextExecutionTime");
        ArrayNode schemas = node.putArray("schemas");
        if (e == null) {
            return node;
        }
        node.put("status", e.status(now));
        for (String schema : sync.schemas()) {
            ObjectNode row = schemas.addObject();
            row.put("schema", schema);
            row.put("execution_id", e.id);
            row.put("status", schemaStatus(e, now));
            row.put("status_message", statusMessage(e, now));
            row.put("record_count", records(e, now));
            row.put("error_count", 0);
            row.put("warning_count", 0);
            time(row, "started_at", e.startedAtIfStarted(now));
            time(row, "completed_at", e.completedAt(now));
        }
        return node;
    }

    /** Schemas have no {@code canceling}: they stay running until the execution is canceled. */
    private static String schemaStatus(SimExecution e, Instant now) {
        String status = e.status(now);
        return "canceling".equals(status) ? "running" : status;
    }

    private static String statusMessage(SimExecution e, Instant now) {
        return "failed".equals(e.status(now)) && e.failureMessage != null ? e.failureMessage : "";
    }

    private static long records(SimExecution e, Instant now) {
        return e.terminal(now) ? 100 : 40;
    }

    private static void time(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
