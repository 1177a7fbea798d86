package io.polybridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cuts Polytomic's OpenAPI definition down to the operations the bridge uses and the schemas they reach, without
 * documentation-only keys, keys sorted: a small, stable, reviewable contract for the test suite.
 *
 * <p>Run: {@code java -cp <test classpath> io.polybridge.contract.ContractTrimmer <definition.json> <output.json>}
 */
public final class ContractTrimmer {

    /** Method and path template of every operation the bridge calls. */
    public static final List<String> OPERATIONS = List.of(
            "post /api/syncs/{id}/activate",
            "post /api/syncs/{id}/cancel",
            "post /api/syncs/{id}/executions",
            "get /api/syncs/{id}/status",
            "get /api/syncs/{sync_id}/executions/{id}",
            "post /api/bulk/syncs/{id}/activate",
            "post /api/bulk/syncs/{id}/cancel",
            "post /api/bulk/syncs/{id}/executions/{exec_id}/cancel",
            "post /api/bulk/syncs/{id}/executions",
            "get /api/bulk/syncs/{id}/status",
            "get /api/bulk/syncs/status",
            "get /api/bulk/syncs/{id}/executions/{exec_id}");

    private static final Set<String> DOC_ONLY = Set.of("description", "summary", "example", "examples", "externalDocs");
    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ContractTrimmer() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ContractTrimmer <definition.json> <output.json>");
        }
        Files.writeString(
                Path.of(args[1]), render(trim(JSON.readTree(Path.of(args[0]).toFile()))), StandardCharsets.UTF_8);
    }

    public static String render(JsonNode trimmed) throws IOException {
        return JSON.writeValueAsString(trimmed) + "\n";
    }

    public static JsonNode trim(JsonNode definition) {
        ObjectNode out = JSON.createObjectNode();
        out.put("openapi", definition.path("openapi").asText());
        out.set(
                "info",
                JSON.createObjectNode()
                        .put("title", "Polytomic API (operations used by the bridge)")
                        .put("version", "2025-09-18"));
        ObjectNode paths = out.putObject("paths");
        for (String operation : OPERATIONS) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            JsonNode op = definition.path("paths").path(path).path(method);
            if (op.isMissingNode()) {
                throw new IllegalStateException("definition has no " + operation);
            }
            ObjectNode pathNode = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
            pathNode.set(method, clean(op));
        }
        ObjectNode components = out.putObject("components");
        components.set("securitySchemes", clean(definition.path("components").path("securitySchemes")));
        ObjectNode schemas = components.putObject("schemas");
        for (String name : reachableSchemas(paths, definition.path("components").path("schemas"))) {
            schemas.set(
                    name, clean(definition.path("components").path("schemas").path(name)));
        }
        return sorted(out);
    }

    private static Set<String> reachableSchemas(JsonNode root, JsonNode allSchemas) {
        Set<String> found = new TreeSet<>();
        Deque<JsonNode> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isObject()) {
                JsonNode ref = node.get("$ref");
                if (ref != null && ref.asText().startsWith(SCHEMA_REF)) {
                    String name = ref.asText().substring(SCHEMA_REF.length());
                    if (found.add(name)) {
                        todo.push(allSchemas.path(name));
                    }
                }
                node.elements().forEachRemaining(todo::push);
            } else if (node.isArray()) {
                node.elements().forEachRemaining(todo::push);
            }
        }
        return found;
    }

    private static JsonNode clean(JsonNode node) {
        return clean(node, false);
    }

    /** Drops documentation keys; under {@code properties} the keys are field names and all stay. */
    private static JsonNode clean(JsonNode node, boolean keysAreNames) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                if (!keysAreNames && (DOC_ONLY.contains(key) || key.startsWith("x-"))) {
                    continue;
                }
                copy.set(key, clean(field.getValue(), !keysAreNames && "properties".equals(key)));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(clean(item, false)));
            return copy;
        }
        return node;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode copy = JSON.createObjectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
