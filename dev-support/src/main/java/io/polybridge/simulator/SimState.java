package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The simulated organization's syncs, and what each API operation does to them. */
final class SimState {

    private static final Set<String> RESYNC_MODES = Set.of("refetch", "resync", "rebuild");
    private static final Set<String> FETCH_MODES = Set.of("none", "incremental", "full");

    /** The simulated caller and organization, as {@code GET /api/me} reports them. */
    static final String USER_ID = "5d1f3c2a-9b8e-4a7d-8c6b-1e2f3a4b5c6d";

    static final String ORGANIZATION_ID = "9a1c7e52-2f0b-4d43-9c55-6f1e2d3c4b5a";
    static final String ORGANIZATION_NAME = "Simulated Organization";

    private final Map<String, SimSync> syncs = new ConcurrentHashMap<>();
    /** How long the execution of an inactive model sync's start stays created: for ever, in practice. */
    private static final java.time.Duration NEVER = java.time.Duration.ofDays(36_500);

    private final Clock clock;
    private final SimulatorOptions options;
    private volatile UnknownSyncIds unknownSyncIds = UnknownSyncIds.NOT_FOUND_IF_ALL;
    private final Readings readings;
    private volatile SimSync.Lifecycle lifecycle = SimSync.Lifecycle.NONE;

    SimState(Clock clock, SimulatorOptions options, Readings readings) {
        this.clock = clock;
        this.options = options;
        this.readings = readings;
    }

    /** Who hears of every sync's executions starting and changing (the event log). */
    void lifecycle(SimSync.Lifecycle listener) {
        this.lifecycle = listener;
    }

    SimSync add(String id, SimSync.Kind kind, boolean active, List<String> schemas) {
        SimSync sync = new SimSync(id.toLowerCase(), kind, active, schemas, clock, options);
        sync.lifecycle(lifecycle);
        syncs.put(sync.id(), sync);
        return sync;
    }

    /** Every sync, for the event log's payloads. */
    java.util.Collection<SimSync> all() {
        return syncs.values();
    }

    void clear() {
        syncs.clear();
        unknownSyncIds = UnknownSyncIds.NOT_FOUND_IF_ALL;
    }

    /** Deletes a sync, as a user of the organization might: every call about it answers 404 from now on. */
    boolean remove(String id) {
        return syncs.remove(id.toLowerCase()) != null;
    }

    void unknownSyncIds(UnknownSyncIds reading) {
        this.unknownSyncIds = reading;
    }

    /** {@code GET /api/me}: a user for a Bearer user API key, the organization itself for an organization key. */
    JsonNode identity(String credential) {
        boolean user = "bearer".equals(credential);
        String organization = user || options.basicUser() == null ? ORGANIZATION_ID : options.basicUser();
        return Payloads.identity(user, USER_ID, organization, ORGANIZATION_NAME);
    }

    Optional<SimSync> find(SimSync.Kind kind, String id) {
        return Optional.ofNullable(syncs.get(id.toLowerCase())).filter(s -> s.kind() == kind);
    }

    SimResponse activate(SimSync sync, JsonNode body) {
        JsonNode active = body == null ? null : body.get("active");
        if (active == null || !active.isBoolean()) {
            return SimResponse.error(400, "invalid_body", "'active' is required and must be a boolean");
        }
        sync.active(active.booleanValue());
        // Deactivating a bulk sync requests cancellation of its running execution; a model sync's keeps running.
        if (!active.booleanValue() && sync.kind() == SimSync.Kind.BULK) {
            sync.current().ifPresent(e -> {
                e.cancel(clock.instant());
                sync.changed(e);
            });
        }
        return SimResponse.ok(Payloads.activation(sync.id(), active.booleanValue()));
    }

    /** Cancel with nothing running answers 200 as well: the real API leaves this case undocumented. */
    SimResponse cancel(SimSync sync) {
        Optional<SimExecution> running = sync.current();
        running.ifPresent(e -> {
            e.cancel(clock.instant());
            sync.changed(e);
        });
        return SimResponse.ok(Payloads.message(running.isPresent() ? "Cancellation requested" : "Nothing to cancel"));
    }

    SimResponse cancelExecution(SimSync sync, String executionId) {
        Optional<SimExecution> execution = sync.execution(executionId);
        if (execution.isEmpty()) {
            return SimResponse.error(404, "not_found", "execution not found");
        }
        execution.get().cancel(clock.instant());
        sync.changed(execution.get());
        return SimResponse.ok(Payloads.message("Cancellation requested"));
    }

    SimResponse start(SimSync sync, JsonNode body) {
        SimResponse invalid = sync.kind() == SimSync.Kind.MODEL ? checkModelStart(body) : checkBulkStart(sync, body);
        if (invalid != null) {
            return invalid;
        }
        // Only active model syncs run on a manual trigger (activate's reference page); how the API answers a start
        // of an inactive one is not documented, so the reading is a switch. Inactive bulk syncs can be started.
        boolean inactiveModel = sync.kind() == SimSync.Kind.MODEL && !sync.active();
        if (inactiveModel && readings.inactiveModelStart() == Readings.InactiveModelStart.REFUSED) {
            return SimResponse.error(
                    readings.inactiveStartStatus(), "sync_inactive", "inactive syncs do not run on a manual trigger");
        }
        if (sync.current().isPresent()) {
            return SimResponse.error(409, "conflict", "an execution is already running for this sync");
        }
        SimExecution execution = inactiveModel ? sync.start("manual", NEVER) : sync.start("manual");
        Instant now = clock.instant();
        if (sync.kind() == SimSync.Kind.BULK) {
            execution.bulkRequest = bulkRequest(body);
            return SimResponse.ok(Payloads.bulkExecution(execution, sync, now));
        }
        return SimResponse.ok(Payloads.JSON
                .createObjectNode()
                .put("id", execution.id)
                .put("status", execution.status(now))
                .put("created_at", execution.createdAt.toString()));
    }

    private static SimExecution.BulkRequest bulkRequest(JsonNode body) {
        if (body == null) {
            return SimExecution.BulkRequest.DEFAULT;
        }
        JsonNode schemas = body.get("schemas");
        List<String> named = schemas == null || !schemas.isArray() || schemas.isEmpty()
                ? null
                : java.util.stream.StreamSupport.stream(schemas.spliterator(), false)
                        .map(JsonNode::asText)
                        .toList();
        return new SimExecution.BulkRequest(
                body.path("test").asBoolean(false),
                body.hasNonNull("resync_mode"),
                body.path("fetch_mode").asText("none"),
                named);
    }

    /** {@code GET /api/syncs/{id}} and {@code GET /api/bulk/syncs/{id}}: the parts of the definition shown here. */
    SimResponse definition(SimSync sync) {
        return SimResponse.ok(Payloads.definition(sync));
    }

    /**
     * {@code GET …/executions}: newest first unless {@code ascending}, only finished ones on {@code only_completed}
     * (model) or {@code only_terminal} (bulk), a page of {@code limit} (bulk; at most 100) or 50 (model).
     */
    SimResponse executions(SimSync sync, io.vertx.core.MultiMap query) {
        boolean bulk = sync.kind() == SimSync.Kind.BULK;
        int limit = 50;
        int offset = 0;
        try {
            if (bulk && query.get("limit") != null) {
                limit = Math.max(1, Math.min(100, Integer.parseInt(query.get("limit"))));
            }
            if (query.get("page_token") != null) {
                offset = Integer.parseInt(query.get("page_token"));
            }
        } catch (NumberFormatException e) {
            return SimResponse.error(400, "invalid_query", "limit and page_token must be what the API gave");
        }
        Instant now = clock.instant();
        boolean finishedOnly = "true".equals(query.get(bulk ? "only_terminal" : "only_completed"));
        List<SimExecution> all = new java.util.ArrayList<>(sync.executions());
        if (!"true".equals(query.get("ascending"))) {
            java.util.Collections.reverse(all);
        }
        List<SimExecution> chosen =
                all.stream().filter(e -> !finishedOnly || e.terminal(now)).toList();
        ArrayNode data = Payloads.JSON.createArrayNode();
        chosen.stream().skip(offset).limit(limit).forEach(e -> data.add(render(sync, e, now)));
        var envelope = Payloads.envelope(data);
        if (offset + limit < chosen.size()) {
            envelope.putObject("pagination").put("next_page_token", String.valueOf(offset + limit));
        }
        return new SimResponse(200, envelope, Map.of());
    }

    SimResponse status(SimSync sync) {
        Instant now = clock.instant();
        var data = Payloads.JSON.createObjectNode();
        Optional<SimExecution> current = sync.current();
        Optional<SimExecution> last = sync.lastTerminal();
        current.ifPresent(e -> data.set("current_execution", render(sync, e, now)));
        last.ifPresent(e -> data.set("last_execution", render(sync, e, now)));
        Instant next = sync.nextExecutionTime(now);
        if (next == null) {
            data.putNull("next_execution_time");
        } else {
            data.put("next_execution_time", next.toString());
        }
        return SimResponse.ok(data);
    }

    SimResponse execution(SimSync sync, String executionId) {
        return sync.execution(executionId)
                .map(e -> SimResponse.ok(render(sync, e, clock.instant())))
                .orElseGet(() -> SimResponse.error(404, "not_found", "execution not found"));
    }

    /** {@code all} or {@code active} widen to the organization and ignore {@code sync_id}s. */
    SimResponse listStatus(List<String> syncIds, boolean all, boolean activeOnly) {
        Instant now = clock.instant();
        ArrayNode data = Payloads.JSON.createArrayNode();
        List<SimSync> chosen = all || activeOnly
                ? syncs.values().stream()
                        .filter(s -> s.kind() == SimSync.Kind.BULK)
                        .filter(s -> all || s.active())
                        .toList()
                : syncIds.stream()
                        .map(String::toLowerCase)
                        .distinct()
                        .map(id -> find(SimSync.Kind.BULK, id))
                        .flatMap(Optional::stream)
                        .toList();
        if (!all && !activeOnly && !syncIds.isEmpty() && notFound(chosen.size(), syncIds)) {
            return SimResponse.error(404, "not_found", "no such bulk syncs");
        }
        for (SimSync sync : chosen) {
            SimExecution shown = sync.current().or(sync::latest).orElse(null);
            data.add(Payloads.bulkSummary(sync, shown, now));
        }
        return SimResponse.ok(data);
    }

    private boolean notFound(int known, List<String> asked) {
        long distinct = asked.stream().map(String::toLowerCase).distinct().count();
        switch (unknownSyncIds) {
            case NOT_FOUND_IF_ANY:
                return known < distinct;
            case NOT_FOUND_IF_ALL:
                return known == 0;
            default:
                return false;
        }
    }

    private static JsonNode render(SimSync sync, SimExecution e, Instant now) {
        return sync.kind() == SimSync.Kind.BULK
                ? Payloads.bulkExecution(e, sync, now)
                : Payloads.modelExecution(e, now);
    }

    private static SimResponse checkModelStart(JsonNode body) {
        if (body == null) {
            return null;
        }
        for (String flag : List.of("resync", "test")) {
            if (body.has(flag) && !body.get(flag).isBoolean()) {
                return SimResponse.error(400, "invalid_body", "'" + flag + "' must be a boolean");
            }
        }
        JsonNode identities = body.get("identities");
        if (identities != null && !identities.isNull() && !identities.isArray()) {
            return SimResponse.error(400, "invalid_body", "'identities' must be an array");
        }
        return null;
    }

    private static SimResponse checkBulkStart(SimSync sync, JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode schemas = body.get("schemas");
        if (schemas != null && !schemas.isNull()) {
            if (!schemas.isArray()) {
                return SimResponse.error(400, "invalid_body", "'schemas' must be an array");
            }
            for (JsonNode schema : schemas) {
                if (!schema.isTextual() || !sync.schemas().contains(schema.asText())) {
                    return SimResponse.error(400, "invalid_body", "unknown schema " + schema);
                }
            }
        }
        if (body.has("resync")) {
            return SimResponse.error(400, "invalid_body", "'resync' is not accepted in this API version");
        }
        String resync = body.path("resync_mode").asText(null);
        if (resync != null && !RESYNC_MODES.contains(resync)) {
            return SimResponse.error(400, "invalid_body", "unknown resync_mode");
        }
        String fetch = body.path("fetch_mode").asText(null);
        if (fetch != null && !FETCH_MODES.contains(fetch)) {
            return SimResponse.error(400, "invalid_body", "unknown fetch_mode");
        }
        if (resync != null && body.path("test").asBoolean(false)) {
            return SimResponse.error(400, "invalid_body", "'test' and 'resync_mode' exclude each other");
        }
        return null;
    }
}
