package io.polybridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The trimmed contract, loaded once from the classpath: its operations indexed for matching requests, and its schemas
 * compiled on first use with the whole document as their base, so that {@code #/components/schemas/X} resolves.
 */
final class ContractDocument {

    record Parameter(String name, String in, boolean required, JsonNode schemaNode, JsonNodePath schema) {}

    /** One operation; content maps go from media type to the location of its schema in the contract. */
    record Operation(
            String method,
            String template,
            List<Parameter> parameters,
            Map<String, JsonNodePath> requestContent,
            boolean requestBodyRequired,
            Map<String, Map<String, JsonNodePath>> responses) {

        String name() {
            return method + " " + template;
        }

        /** The declared content for a status: exact code, then its range (5XX), then default; null when undeclared. */
        Map<String, JsonNodePath> responseContent(int status) {
            Map<String, JsonNodePath> exact = responses.get(String.valueOf(status));
            if (exact != null) {
                return exact;
            }
            Map<String, JsonNodePath> range = responses.get(status / 100 + "XX");
            return range != null ? range : responses.get("default");
        }
    }

    /** The operation a request names with its path values, or why none fits. */
    record Match(Operation operation, Map<String, String> pathValues, String whyNot) {}

    static final JsonNodePath API_ERROR = pointer("components", "schemas", "ApiError");

    /** Where the schemas think the document lives; the factory is handed its text, so nothing is ever fetched. */
    private static final String IRI = "https://polybridge.invalid/contract/polytomic-bridge-openapi.json";

    static final ContractDocument INSTANCE = new ContractDocument();

    private final List<Operation> operations = new ArrayList<>();
    private final Set<String> authSchemes = new TreeSet<>();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.LEGACY)
            .locale(Locale.ENGLISH)
            .build();

    private ContractDocument() {
        JsonNode document;
        try (InputStream in = ContractDocument.class.getResourceAsStream(ContractValidator.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("contract not on the classpath: " + ContractValidator.RESOURCE);
            }
            document = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        close(document);
        untag(document);
        String text = document.toString();
        // The document's own top-level keys are not schema keywords; declared so, the library stops warning.
        JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi31.getInstance())
                .keywords(Stream.of("openapi", "info", "servers", "paths", "components", "security", "tags")
                        .map(NonValidationKeyword::new)
                        .toList())
                .build();
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(IRI, text))));
        document.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(op -> op.getValue().has("responses"))
                .forEach(op -> operations.add(operation(path.getKey(), op.getKey(), path.getValue()))));
        document.path("components").path("securitySchemes").forEach(scheme -> {
            if ("http".equals(scheme.path("type").asText())) {
                authSchemes.add(scheme.path("scheme").asText().toLowerCase(Locale.ROOT));
            }
        });
        if (!document.at("/components/schemas/ApiError").isObject()) {
            throw new IllegalStateException("the contract has no ApiError schema for undeclared error statuses");
        }
    }

    Set<String> authSchemes() {
        return authSchemes;
    }

    /** The operation whose template fits with the most literal segments, as OpenAPI prefers concrete paths. */
    Match match(String method, String path) {
        String[] actual = path.split("/", -1);
        Operation best = null;
        Map<String, String> bestValues = null;
        int bestLiterals = -1;
        Set<String> otherMethods = new TreeSet<>();
        for (Operation operation : operations) {
            String[] template = operation.template().split("/", -1);
            Map<String, String> values = new LinkedHashMap<>();
            int literals = fit(template, actual, values);
            if (literals < 0) {
                continue;
            }
            if (!operation.method().equals(method)) {
                otherMethods.add(operation.method());
            } else if (literals > bestLiterals) {
                best = operation;
                bestValues = values;
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return new Match(best, bestValues, null);
        }
        return new Match(
                null,
                Map.of(),
                otherMethods.isEmpty()
                        ? "no operation in the contract has this path"
                        : "the contract has no " + method + " on this path, only " + otherMethods);
    }

    /** Literal segments matched, or -1 when the path does not fit; fills the template's variables. */
    private static int fit(String[] template, String[] actual, Map<String, String> values) {
        if (template.length != actual.length) {
            return -1;
        }
        int literals = 0;
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{") && template[i].endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return -1;
                }
                values.put(template[i].substring(1, template[i].length() - 1), actual[i]);
            } else if (template[i].equals(actual[i])) {
                literals++;
            } else {
                return -1;
            }
        }
        return literals;
    }

    /** Schema errors, sorted so that a report reads the same every run. */
    List<String> validate(JsonNodePath schema, JsonNode value) {
        JsonSchema compiled = schemas.computeIfAbsent(schema.toString(), key -> {
            JsonSchema fresh = factory.getSchema(new SchemaLocation(AbsoluteIri.of(IRI), schema), config);
            fresh.initializeValidators(); // resolve every $ref now, not lazily on concurrent validations
            return fresh;
        });
        Set<String> errors = new TreeSet<>();
        for (ValidationMessage message : compiled.validate(value)) {
            errors.add(message.getMessage());
        }
        return List.copyOf(errors);
    }

    private static Operation operation(String template, String method, JsonNode pathItem) {
        JsonNode node = pathItem.path(method);
        JsonNodePath at = pointer("paths", template, method);
        List<Parameter> parameters = new ArrayList<>();
        addParameters(parameters, pathItem.path("parameters"), pointer("paths", template, "parameters"));
        addParameters(parameters, node.path("parameters"), at.append("parameters"));
        Map<String, Map<String, JsonNodePath>> responses = new LinkedHashMap<>();
        node.path("responses")
                .properties()
                .forEach(r -> responses.put(
                        r.getKey(), content(r.getValue(), at.append("responses").append(r.getKey()))));
        return new Operation(
                method.toUpperCase(Locale.ROOT),
                template,
                List.copyOf(parameters),
                content(node.path("requestBody"), at.append("requestBody")),
                node.path("requestBody").path("required").asBoolean(false),
                responses);
    }

    /** Operation parameters override path-item ones of the same name and location, as OpenAPI says. */
    private static void addParameters(List<Parameter> into, JsonNode declared, JsonNodePath at) {
        for (int i = 0; i < declared.size(); i++) {
            JsonNode p = declared.get(i);
            Parameter parameter = new Parameter(
                    p.path("name").asText(),
                    p.path("in").asText(),
                    p.path("required").asBoolean(false),
                    p.path("schema"),
                    at.append(i).append("schema"));
            into.removeIf(old -> old.name().equals(parameter.name()) && old.in().equals(parameter.in()));
            into.add(parameter);
        }
    }

    private static Map<String, JsonNodePath> content(JsonNode owner, JsonNodePath at) {
        Map<String, JsonNodePath> content = new LinkedHashMap<>();
        owner.path("content")
                .properties()
                .forEach(media -> content.put(
                        media.getKey().toLowerCase(Locale.ROOT),
                        at.append("content").append(media.getKey()).append("schema")));
        return content;
    }

    /** Closes every object schema that names its properties and says nothing about others (see ContractValidator). */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object
                && object.path("properties").isObject()
                && !object.has("additionalProperties")
                && !object.has("unevaluatedProperties")
                && !object.has("allOf")
                && !object.has("anyOf")
                && !object.has("oneOf")) {
            object.put("additionalProperties", false);
        }
        node.forEach(ContractDocument::close);
    }

    /**
     * The definition's {@code EventPayload} is a {@code oneOf} of ten object schemas that share their fields and require
     * none, so a real payload fits several of them and {@code oneOf} could never hold: it is an untagged union (the
     * event's {@code type} says which member applies). It is read as {@code anyOf} here, and
     * {@link ContractValidator} checks each event's payload against the member its type names.
     */
    private static void untag(JsonNode document) {
        JsonNode payload = document.at("/components/schemas/EventPayload");
        if (payload instanceof ObjectNode union && union.has("oneOf")) {
            union.set("anyOf", union.remove("oneOf"));
        }
    }

    static JsonNodePath schema(String name) {
        return pointer("components", "schemas", name);
    }

    private static JsonNodePath pointer(String... segments) {
        JsonNodePath path = new JsonNodePath(PathType.JSON_POINTER);
        for (String segment : segments) {
            path = path.append(segment);
        }
        return path;
    }
}
