package io.polybridge.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.polybridge.polytomic.BulkStartRequest;
import io.polybridge.polytomic.Ids;
import io.polybridge.polytomic.ModelStartRequest;
import io.polybridge.polytomic.SyncKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a command's {@code options} for its action and sync kind. Strict on purpose: an option name the action does
 * not know is an error, so a typo never silently changes what reaches the API.
 */
final class OptionsParser {

    private static final Set<String> RESYNC_MODES = Set.of("refetch", "resync", "rebuild");
    private static final Set<String> FETCH_MODES = Set.of("none", "incremental", "full");

    /** Days, hours, minutes, whole seconds; not all zero; bounded so that every match parses. Also in the schema. */
    static final Pattern TIMEOUT = Pattern.compile(
            "^(?=.*[1-9])P(?:[0-9]{1,5}D)?(?:T(?=[0-9])(?:[0-9]{1,6}H)?(?:[0-9]{1,7}M)?(?:[0-9]{1,9}S)?)?$");

    CommandOptions parse(CommandAction action, SyncKind kind, JsonNode node) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw invalid("'options' must be an object, got " + node.getNodeType());
        }
        JsonNode options = node == null || node.isNull() ? null : node;
        switch (action) {
            case START:
                return kind == SyncKind.MODEL ? startModel(options) : startBulk(options);
            case CANCEL:
                // Both kinds have a cancel of one execution (POST …/executions/{id}/cancel).
                allowOnly(options, "executionId");
                String execution = CommandParser.optionalText(options == null ? emptyNode() : options, "executionId");
                if (execution == null) {
                    return CommandOptions.NONE;
                }
                if (!Ids.isUuid(execution)) {
                    throw invalid("executionId is not a UUID: " + Ids.printable(execution));
                }
                return new CommandOptions.CancelExecution(execution.toLowerCase());
            case DEACTIVATE:
                if (kind == SyncKind.MODEL) {
                    allowOnly(options, "cancelRunning");
                    return new CommandOptions.Deactivate(bool(options, "cancelRunning", false));
                }
                allowOnly(options);
                return CommandOptions.NONE;
            default:
                allowOnly(options);
                return CommandOptions.NONE;
        }
    }

    private CommandOptions startModel(JsonNode options) {
        allowOnly(options, "identities", "resync", "test", "timeout");
        List<String> identities = stringList(options, "identities");
        return new CommandOptions.StartModel(
                new ModelStartRequest(identities, boolOrNull(options, "resync"), boolOrNull(options, "test")),
                timeout(options));
    }

    private CommandOptions startBulk(JsonNode options) {
        allowOnly(options, "resync_mode", "test", "schemas", "fetch_mode", "timeout");
        String resyncMode = oneOf(options, "resync_mode", RESYNC_MODES);
        Boolean test = boolOrNull(options, "test");
        if (resyncMode != null && Boolean.TRUE.equals(test)) {
            throw invalid("'test' and 'resync_mode' exclude each other");
        }
        return new CommandOptions.StartBulk(
                new BulkStartRequest(
                        resyncMode, test, stringList(options, "schemas"), oneOf(options, "fetch_mode", FETCH_MODES)),
                timeout(options));
    }

    /**
     * A start's {@code timeout}: an ISO-8601 duration of days, hours, minutes and whole seconds ({@code PT2H},
     * {@code P1DT12H}), at least one second. Written as the command schema's pattern says, so schema and parser agree.
     */
    private static Duration timeout(JsonNode options) {
        JsonNode node = options == null ? null : options.get("timeout");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !TIMEOUT.matcher(node.asText()).matches()) {
            throw invalid("'timeout' must be an ISO-8601 duration of at least one second such as PT30M or P1DT12H, got "
                    + Ids.printable(node.toString()));
        }
        return Duration.parse(node.asText());
    }

    private static void allowOnly(JsonNode options, String... allowed) {
        if (options == null) {
            return;
        }
        Set<String> names = Set.of(allowed);
        for (Iterator<String> it = options.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                throw invalid("option " + Ids.printable(name) + " does not fit this action and sync type");
            }
        }
    }

    private static Boolean boolOrNull(JsonNode options, String field) {
        JsonNode node = options == null ? null : options.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw invalid("'" + field + "' must be a boolean, got " + node.getNodeType());
        }
        return node.booleanValue();
    }

    private static boolean bool(JsonNode options, String field, boolean fallback) {
        Boolean value = boolOrNull(options, field);
        return value == null ? fallback : value;
    }

    private static String oneOf(JsonNode options, String field, Set<String> allowed) {
        JsonNode node = options == null ? null : options.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !allowed.contains(node.asText())) {
            throw invalid("'" + field + "' must be one of " + allowed + ", got " + Ids.printable(node.toString()));
        }
        return node.asText();
    }

    private static List<String> stringList(JsonNode options, String field) {
        JsonNode node = options == null ? null : options.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid("'" + field + "' must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw invalid("'" + field + "' must be an array of strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    private static JsonNode emptyNode() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    private static InvalidCommandException invalid(String detail) {
        return new InvalidCommandException("invalid-options", detail);
    }
}
