package io.polybridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.polybridge.simulator.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one HTTP exchange against the trimmed Polytomic contract: the operation exists, path IDs are UUIDs, required
 * headers are sent, the request body fits the operation's schema, and the response fits the schema declared for its
 * status. Statuses any HTTP API may answer without declaring them (401, 408, 409, 429, 5xx) must still carry an
 * {@code ApiError} body.
 */
public final class ContractValidator {

    public static final String RESOURCE = "/contract/polytomic-bridge-openapi.json";
    private static final Set<Integer> UNDECLARED_BUT_EXPECTED = Set.of(401, 403, 408, 409, 429, 500, 502, 503, 504);
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode contract;
    private final List<Operation> operations = new ArrayList<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private record Operation(String method, String template, Pattern pattern, List<String> params, JsonNode node) {}

    public ContractValidator() {
        try (InputStream in = ContractValidator.class.getResourceAsStream(RESOURCE)) {
            this.contract = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        contract.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<String> params = new ArrayList<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                params.add(m.group(1));
            }
            Pattern pattern = Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "([^/]+)"));
            path.getValue()
                    .fields()
                    .forEachRemaining(op -> operations.add(
                            new Operation(op.getKey().toUpperCase(), path.getKey(), pattern, params, op.getValue())));
        }
    }

    /** The violations of one exchange; empty when it fits the contract. */
    public List<String> validate(Exchange exchange) {
        List<String> violations = new ArrayList<>();
        String where = exchange.method() + " " + exchange.path();
        Operation op = null;
        Matcher values = null;
        for (Operation candidate : operations) {
            Matcher m = candidate.pattern().matcher(exchange.path());
            if (candidate.method().equals(exchange.method())
                    && m.matches()
                    && (op == null || candidate.params().size() < op.params().size())) {
                op = candidate;
                values = m;
            }
        }
        if (op == null) {
            violations.add(where + ": no such operation in the contract");
            return violations;
        }
        for (int i = 0; i < op.params().size(); i++) {
            if (!UUID.matcher(values.group(i + 1)).matches()) {
                violations.add(where + ": path parameter " + op.params().get(i) + " is not a UUID");
            }
        }
        checkRequest(op, exchange, where, violations);
        if (exchange.status() != 0) {
            checkResponse(op, exchange, where, violations);
        }
        return violations;
    }

    private void checkRequest(Operation op, Exchange exchange, String where, List<String> violations) {
        for (JsonNode param : op.node().path("parameters")) {
            String name = param.path("name").asText();
            boolean required = param.path("required").asBoolean(false);
            if ("header".equals(param.path("in").asText())
                    && required
                    && !exchange.headers().containsKey(name.toLowerCase())) {
                violations.add(where + ": required header " + name + " missing");
            }
            if ("query".equals(param.path("in").asText()) && exchange.query().containsKey(name)) {
                for (String value : exchange.query().get(name)) {
                    if ("boolean".equals(param.path("schema").path("type").asText()) && !value.matches("true|false")) {
                        violations.add(where + ": query " + name + " is not a boolean: " + value);
                    }
                    if ("uuid"
                                    .equals(param.path("schema")
                                            .path("items")
                                            .path("format")
                                            .asText())
                            && !UUID.matcher(value).matches()) {
                        violations.add(where + ": query " + name + " is not a UUID: " + value);
                    }
                }
            }
        }
        JsonNode schema = op.node()
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        if (!exchange.requestBody().isBlank()) {
            if (schema.isMissingNode()) {
                violations.add(where + ": sent a body the operation does not take");
            } else {
                validateBody(schema, exchange.requestBody(), where + " request", violations);
            }
        } else if (op.node().path("requestBody").path("required").asBoolean(false)) {
            violations.add(where + ": required request body missing");
        }
    }

    private void checkResponse(Operation op, Exchange exchange, String where, List<String> violations) {
        JsonNode declared = op.node().path("responses").path(String.valueOf(exchange.status()));
        JsonNode schema;
        if (!declared.isMissingNode()) {
            schema = declared.path("content").path("application/json").path("schema");
        } else if (UNDECLARED_BUT_EXPECTED.contains(exchange.status())) {
            schema = JSON.createObjectNode().put("$ref", "#/components/schemas/ApiError");
        } else {
            violations.add(where + ": status " + exchange.status() + " is not declared for this operation");
            return;
        }
        if (!schema.isMissingNode()) {
            validateBody(schema, exchange.responseBody(), where + " response " + exchange.status(), violations);
        }
    }

    private void validateBody(JsonNode schemaRef, String body, String where, List<String> violations) {
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (IOException e) {
            violations.add(where + ": body is not JSON");
            return;
        }
        if (value == null) {
            violations.add(where + ": body is empty");
            return;
        }
        for (ValidationMessage message : schema(schemaRef).validate(value)) {
            violations.add(where + ": " + message.getMessage());
        }
    }

    /** A standalone 2020-12 schema: the contract's component schemas as $defs, and a $ref to the one wanted. */
    private JsonSchema schema(JsonNode schemaRef) {
        return schemas.computeIfAbsent(schemaRef.toString(), key -> {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("$defs", contract.path("components").path("schemas"));
            root.setAll((ObjectNode) schemaRef);
            String text = root.toString().replace("#/components/schemas/", "#/$defs/");
            try {
                return factory.getSchema(JSON.readTree(text), config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
