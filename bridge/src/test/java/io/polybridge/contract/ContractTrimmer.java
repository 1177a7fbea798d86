package io.polybridge.contract;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cuts Polytomic's OpenAPI definition down to the operations the bridge calls and the component schemas they reach,
 * without documentation-only keys and with every object's keys sorted: a small, stable, reviewable contract for the
 * test suite.
 *
 * <p>Run: {@code java -cp <test classpath> io.polybridge.contract.ContractTrimmer <definition.json> <output.json>}
 * (the exact command is in {@code src/test/resources/contract/README.md}).
 */
public final class ContractTrimmer {

    /** One operation of the definition: upper-case HTTP method and path template exactly as the definition writes it. */
    public record Operation(String method, String path) {

        @Override
        public String toString() {
            return method + " " + path;
        }

        String key() {
            return method.toLowerCase(Locale.ROOT);
        }
    }

    /** Every operation the bridge calls. */
    public static final List<Operation> OPERATIONS = List.of(
            new Operation("POST", "/api/syncs/{id}/activate"),
            new Operation("GET", "/api/syncs/{id}"),
            new Operation("POST", "/api/syncs/{id}/cancel"),
            new Operation("POST", "/api/syncs/{id}/executions"),
            new Operation("GET", "/api/syncs/{id}/status"),
            new Operation("GET", "/api/syncs/{sync_id}/executions"),
            new Operation("GET", "/api/syncs/{sync_id}/executions/{id}"),
            new Operation("POST", "/api/syncs/{sync_id}/executions/{id}/cancel"),
            new Operation("GET", "/api/bulk/syncs/{id}"),
            new Operation("POST", "/api/bulk/syncs/{id}/activate"),
            new Operation("POST", "/api/bulk/syncs/{id}/cancel"),
            new Operation("POST", "/api/bulk/syncs/{id}/executions/{exec_id}/cancel"),
            new Operation("POST", "/api/bulk/syncs/{id}/executions"),
            new Operation("GET", "/api/bulk/syncs/{id}/executions"),
            new Operation("GET", "/api/bulk/syncs/{id}/status"),
            new Operation("GET", "/api/bulk/syncs/status"),
            new Operation("GET", "/api/bulk/syncs/{id}/executions/{exec_id}"),
            new Operation("GET", "/api/me"),
            new Operation("GET", "/api/events"),
            new Operation("GET", "/api/webhooks"),
            new Operation("POST", "/api/webhooks"),
            new Operation("PUT", "/api/webhooks/{id}"),
            new Operation("POST", "/api/webhooks/{id}/enable"));

    /** The definition's {@code info.version} is a placeholder; its prose describes this API version. */
    public static final String API_VERSION = "2025-09-18";

    private static final Set<String> DOC_ONLY = Set.of("description", "summary", "example", "examples", "externalDocs");
    private static final Set<String> NAME_MAPS = Set.of("properties", "patternProperties");
    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private ContractTrimmer() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ContractTrimmer <definition.json> <output.json>");
            System.exit(2);
        }
        ObjectNode trimmed = trim(Path.of(args[0]));
        byte[] bytes = render(trimmed).getBytes(StandardCharsets.UTF_8);
        Files.write(Path.of(args[1]), bytes);
        System.out.printf(
                "%s: %d operations, %d schemas, %d bytes%n",
                args[1],
                OPERATIONS.size(),
                trimmed.path("components").path("schemas").size(),
                bytes.length);
    }

    public static ObjectNode trim(Path definition) throws IOException {
        return trim(JSON.readTree(definition.toFile()));
    }

    /** The trimmed contract; fails if the definition lacks an operation or refers to something this cannot copy. */
    public static ObjectNode trim(JsonNode definition) {
        ObjectNode out = JSON.createObjectNode();
        out.put("openapi", definition.path("openapi").asText());
        out.putObject("info")
                .put("title", "Polytomic API: the operations polybridge calls")
                .put("version", API_VERSION);
        if (definition.has("servers")) {
            out.set("servers", clean(definition.get("servers"), false));
        }
        ObjectNode paths = out.putObject("paths");
        for (Operation operation : OPERATIONS) {
            JsonNode pathItem = definition.path("paths").path(operation.path());
            JsonNode source = pathItem.path(operation.key());
            if (!source.isObject()) {
                throw new IllegalStateException("the definition has no operation " + operation);
            }
            ObjectNode item = paths.has(operation.path())
                    ? (ObjectNode) paths.get(operation.path())
                    : paths.putObject(operation.path());
            if (pathItem.has("parameters")) {
                item.set("parameters", clean(pathItem.get("parameters"), false));
            }
            item.set(operation.key(), operationCopy(source));
        }
        JsonNode allSchemas = definition.path("components").path("schemas");
        ObjectNode components = out.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        for (String name : reachableSchemas(paths, allSchemas)) {
            schemas.set(name, clean(allSchemas.get(name), false));
        }
        components.set("securitySchemes", clean(definition.path("components").path("securitySchemes"), false));
        return (ObjectNode) sorted(out);
    }

    /** Pretty-printed, two-space indent, LF line ends, trailing newline: byte-stable across platforms. */
    public static String render(JsonNode trimmed) {
        try {
            return PRETTY.writeValueAsString(trimmed) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the contract", e);
        }
    }

    /** A Response Object's description is required by OpenAPI, so it stays to keep the file a valid document. */
    private static ObjectNode operationCopy(JsonNode source) {
        ObjectNode copy = (ObjectNode) clean(source, false);
        source.path("responses").properties().forEach(response -> ((ObjectNode)
                        copy.get("responses").get(response.getKey()))
                .put("description", response.getValue().path("description").asText()));
        return copy;
    }

    private static Set<String> reachableSchemas(JsonNode paths, JsonNode allSchemas) {
        Set<String> found = new TreeSet<>();
        Deque<JsonNode> todo = new ArrayDeque<>(List.of(paths));
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            JsonNode ref = node.get("$ref");
            if (node.isObject() && ref != null) {
                String target = ref.asText();
                if (!target.startsWith(SCHEMA_REF) || !allSchemas.has(target.substring(SCHEMA_REF.length()))) {
                    throw new IllegalStateException("cannot copy the target of $ref " + target);
                }
                if (found.add(target.substring(SCHEMA_REF.length()))) {
                    todo.push(clean(allSchemas.get(target.substring(SCHEMA_REF.length())), false));
                }
            }
            node.elements().forEachRemaining(todo::push);
        }
        return found;
    }

    /** A copy without documentation keys; under {@code properties} the keys are field names, so all stay. */
    private static JsonNode clean(JsonNode node, boolean keysAreNames) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(field -> {
                String key = field.getKey();
                if (keysAreNames || !(DOC_ONLY.contains(key) || key.startsWith("x-"))) {
                    copy.set(key, clean(field.getValue(), !keysAreNames && NAME_MAPS.contains(key)));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(clean(item, false)));
            return copy;
        }
        return node;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(field -> fields.put(field.getKey(), sorted(field.getValue())));
            ObjectNode copy = JSON.createObjectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
