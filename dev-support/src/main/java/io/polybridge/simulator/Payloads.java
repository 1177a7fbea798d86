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

    /** The part of {@code SyncResponse} / {@code BulkSyncResponse} the simulator knows: identity and activity. */
    static ObjectNode definition(SimSync sync) {
        String kind = sync.kind() == SimSync.Kind.BULK ? "bulk" : "model";
        return JSON.createObjectNode()
                .put("id", sync.id())
                .put("name", "simulated " + kind + " sync " + sync.id().substring(0, 8))
                .put("active", sync.active());
    }

    /** {@code GetExecutionResponseSchema}. */
    static ObjectNode modelExecution(SimExecution e, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", e.id);
        status(node, e, e.status(now));
        node.put("type", e.type);
        node.put("created_at", e.createdAt.toString());
        time(node, "started_at", e.startedAtIfStarted(now));
        time(node, "completed_at", e.completedAt(now));
        ArrayNode errors = node.putArray("errors");
        if (e.endingMessage(now) != null) {
            errors.add(e.endingMessage(now));
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
                        .put("error", e.ending.withErrors() && e.terminal(now) ? 3 : 0)
                        .put("warnings", 0));
        return node;
    }

    /** {@code BulkSyncExecution} with its per-schema rows. */
    static ObjectNode bulkExecution(SimExecution e, SimSync sync, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", e.id);
        status(node, e, e.status(now));
        node.put("status_message", statusMessage(e, now));
        node.put("type", e.type);
        SimExecution.BulkRequest request = e.bulkRequest;
        java.util.List<String> ran = schemasOf(e, sync);
        node.put("is_test", request.test());
        node.put("is_resync", request.resync());
        node.put("is_partial", request.schemas() != null);
        node.put("fetch_mode", request.fetchMode());
        node.put("output_disposition", "retain");
        node.put("record_count", records(e, now) * ran.size());
        node.put("error_count", errors(e, now) * ran.size());
        node.put("warning_count", 0);
        node.put("created_at", e.createdAt.toString());
        node.put("updated_at", now.toString());
        time(node, "started_at", e.startedAtIfStarted(now));
        time(node, "completed_at", e.completedAt(now));
        ArrayNode schemas = node.putArray("schemas");
        for (String schema : ran) {
            ObjectNode row = schemas.addObject();
            row.put("schema", schema);
            row.put("output_name", schema);
            status(row, e, schemaStatus(e, now));
            row.put("status_message", statusMessage(e, now));
            row.put("record_count", records(e, now));
            row.put("error_count", errors(e, now));
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
        time(node, "nextExecutionTime", sync.nextExecutionTime(now));
        ArrayNode schemas = node.putArray("schemas");
        if (e == null) {
            return node;
        }
        status(node, e, e.status(now));
        for (String schema : schemasOf(e, sync)) {
            ObjectNode row = schemas.addObject();
            row.put("schema", schema);
            row.put("execution_id", e.id);
            status(row, e, schemaStatus(e, now));
            row.put("status_message", statusMessage(e, now));
            row.put("record_count", records(e, now));
            row.put("error_count", errors(e, now));
            row.put("warning_count", 0);
            time(row, "started_at", e.startedAtIfStarted(now));
            time(row, "completed_at", e.completedAt(now));
        }
        return node;
    }

    /** The schemas an execution runs: the ones its start named, else every schema of the sync. */
    private static java.util.List<String> schemasOf(SimExecution e, SimSync sync) {
        java.util.List<String> named = e.bulkRequest.schemas();
        return named == null ? sync.schemas() : named;
    }

    /**
     * Schemas have no {@code canceling} and no {@code errors}: they stay running until the execution is canceled, and
     * a run that finished with errors has completed schemas that count errors.
     */
    private static String schemaStatus(SimExecution e, Instant now) {
        String status = e.status(now);
        if ("canceling".equals(status)) {
            return "running";
        }
        return "errors".equals(status) ? "completed" : status;
    }

    /** The status field as the execution has it, or the raw JSON a test forced in its place (or none at all). */
    private static void status(ObjectNode node, SimExecution e, String status) {
        SimExecution.RawStatus raw = e.rawStatus();
        if (raw == null) {
            node.put("status", status);
        } else if (!raw.omitted()) {
            node.set("status", raw.json());
        }
    }

    private static String statusMessage(SimExecution e, Instant now) {
        String message = e.endingMessage(now);
        return message == null ? "" : message;
    }

    private static long records(SimExecution e, Instant now) {
        return e.terminal(now) ? 100 : 40;
    }

    private static long errors(SimExecution e, Instant now) {
        return "errors".equals(e.status(now)) ? 3 : 0;
    }

    /**
     * The payload of one event ({@code EventPayload}, by type: the shapes of the {@code Eventing*Event} schemas). The
     * connection IDs are made up per sync, stable across calls.
     */
    static ObjectNode eventPayload(String type, SimSync sync, SimExecution e, String organizationId, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("execution_id", e.id);
        node.put("organization_id", organizationId);
        node.put("sync_id", sync.id());
        node.put("sync_name", definition(sync).path("name").asText());
        if (sync.kind() == SimSync.Kind.MODEL) {
            node.put("target_connection_id", connection(sync, "target"));
            switch (type) {
                case "sync.completed":
                    node.put("status", "completed");
                    node.put("trigger", e.type);
                    node.put("record_count", 100);
                    node.put("inserted_count", 50);
                    node.put("updated_count", 50);
                    node.put("upserted_count", 0);
                    node.put("error_count", 0);
                    node.put("warning_count", 0);
                    for (String list : java.util.List.of(
                            "total_records",
                            "inserted_records",
                            "updated_records",
                            "deleted_records",
                            "errored_records",
                            "warnings")) {
                        node.putArray(list);
                    }
                    break;
                case "sync.failed":
                    node.put("error", message(e, now, "failed"));
                    break;
                case "sync.canceled":
                    node.put("status", "canceled");
                    break;
                case "sync.completed_with_errors":
                    node.put("error", message(e, now, "completed with errors"));
                    node.put("number_of_errors", 3);
                    node.put("number_of_warnings", 0);
                    break;
                default:
                    break;
            }
            return node;
        }
        node.put("source_connection_id", connection(sync, "source"));
        node.put("destination_connection_id", connection(sync, "destination"));
        if (type.equals("bulk_sync.failed")) {
            node.put("error", message(e, now, "failed"));
        }
        if (type.equals("bulk_sync.completed")
                || type.equals("bulk_sync.completed_with_error")
                || type.equals("bulk_sync.failed")) {
            node.put("trigger_source", e.type);
        }
        return node;
    }

    private static String message(SimExecution e, Instant now, String fallback) {
        String message = e.endingMessage(now);
        return message == null ? fallback : message;
    }

    private static String connection(SimSync sync, String role) {
        return java.util
                .UUID
                .nameUUIDFromBytes((sync.id() + "/" + role).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private static void time(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
