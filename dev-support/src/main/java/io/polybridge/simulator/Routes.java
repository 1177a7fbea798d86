package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps method and path to the operation, the way the API definition lays them out. */
final class Routes {

    private static final String UUID = "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})";
    private static final Pattern SYNC_OP =
            Pattern.compile("/api/(syncs|bulk/syncs)/" + UUID + "/(activate|cancel|executions|status)");
    private static final Pattern SYNC = Pattern.compile("/api/(syncs|bulk/syncs)/" + UUID);
    private static final Pattern EXECUTION = Pattern.compile("/api/(syncs|bulk/syncs)/" + UUID + "/executions/" + UUID);
    private static final Pattern EXECUTION_CANCEL =
            Pattern.compile("/api/(syncs|bulk/syncs)/" + UUID + "/executions/" + UUID + "/cancel");

    private static final Pattern WEBHOOK = Pattern.compile("/api/webhooks/" + UUID);
    private static final Pattern WEBHOOK_SWITCH = Pattern.compile("/api/webhooks/" + UUID + "/(enable|disable)");

    private final SimState state;
    private final SimEvents events;
    private final Webhooks webhooks;

    Routes(SimState state, SimEvents events, Webhooks webhooks) {
        this.state = state;
        this.events = events;
        this.webhooks = webhooks;
    }

    SimResponse serve(
            String method, String path, List<String> syncIds, MultiMap query, JsonNode body, String credential) {
        if ("/api/me".equals(path)) {
            return "GET".equals(method)
                    ? SimResponse.ok(state.identity(credential))
                    : SimResponse.error(405, "method_not_allowed", "method not allowed");
        }
        if ("GET".equals(method) && "/api/bulk/syncs/status".equals(path)) {
            return listStatus(syncIds, query);
        }
        if ("/api/events".equals(path)) {
            return "GET".equals(method)
                    ? events.list(query)
                    : SimResponse.error(405, "method_not_allowed", "method not allowed");
        }
        if (path.startsWith("/api/webhooks")) {
            return webhook(method, path, body);
        }
        Matcher m = EXECUTION_CANCEL.matcher(path);
        if (m.matches() && "POST".equals(method)) {
            return withSync(
                    kind(m.group(1)),
                    m.group(2),
                    s -> state.cancelExecution(s, m.group(3).toLowerCase()));
        }
        Matcher definition = SYNC.matcher(path);
        if (definition.matches() && "GET".equals(method)) {
            return withSync(kind(definition.group(1)), definition.group(2), state::definition);
        }
        Matcher e = EXECUTION.matcher(path);
        if (e.matches() && "GET".equals(method)) {
            return withSync(
                    kind(e.group(1)),
                    e.group(2),
                    s -> state.execution(s, e.group(3).toLowerCase()));
        }
        Matcher op = SYNC_OP.matcher(path);
        if (!op.matches()) {
            return SimResponse.error(404, "not_found", "no such endpoint");
        }
        SimSync.Kind kind = kind(op.group(1));
        String action = op.group(3);
        if ("status".equals(action) && "GET".equals(method)) {
            return withSync(kind, op.group(2), state::status);
        }
        if ("executions".equals(action) && "GET".equals(method)) {
            return withSync(kind, op.group(2), s -> state.executions(s, query));
        }
        if (!"POST".equals(method)) {
            return SimResponse.error(405, "method_not_allowed", "method not allowed");
        }
        switch (action) {
            case "activate":
                return withSync(kind, op.group(2), s -> state.activate(s, body));
            case "cancel":
                return withSync(kind, op.group(2), state::cancel);
            case "executions":
                return withSync(kind, op.group(2), s -> state.start(s, body));
            default:
                return SimResponse.error(404, "not_found", "no such endpoint");
        }
    }

    private SimResponse webhook(String method, String path, JsonNode body) {
        if ("/api/webhooks".equals(path)) {
            if ("GET".equals(method)) {
                return webhooks.list();
            }
            return "POST".equals(method)
                    ? webhooks.create(body)
                    : SimResponse.error(405, "method_not_allowed", "method not allowed");
        }
        Matcher toggle = WEBHOOK_SWITCH.matcher(path);
        if (toggle.matches() && "POST".equals(method)) {
            return webhooks.enabled(toggle.group(1).toLowerCase(), "enable".equals(toggle.group(2)));
        }
        Matcher one = WEBHOOK.matcher(path);
        if (!one.matches()) {
            return SimResponse.error(404, "not_found", "no such endpoint");
        }
        String id = one.group(1).toLowerCase();
        switch (method) {
            case "GET":
                return webhooks.get(id);
            case "PUT":
                return webhooks.update(id, body);
            case "DELETE":
                return webhooks.delete(id);
            default:
                return SimResponse.error(405, "method_not_allowed", "method not allowed");
        }
    }

    private SimResponse listStatus(List<String> syncIds, MultiMap query) {
        for (String id : syncIds) {
            if (!id.matches(UUID)) {
                return SimResponse.error(400, "invalid_sync_id", "sync_id must be a UUID");
            }
        }
        return state.listStatus(syncIds, "true".equals(query.get("all")), "true".equals(query.get("active")));
    }

    private SimResponse withSync(SimSync.Kind kind, String id, Function<SimSync, SimResponse> operation) {
        Optional<SimSync> sync = state.find(kind, id);
        return sync.map(operation).orElseGet(() -> SimResponse.error(404, "not_found", "sync not found"));
    }

    private static SimSync.Kind kind(String prefix) {
        return prefix.startsWith("bulk") ? SimSync.Kind.BULK : SimSync.Kind.MODEL;
    }
}
