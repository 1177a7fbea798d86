package io.polybridge.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonNodePath;
import io.polybridge.simulator.Exchange;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks one HTTP exchange against the trimmed Polytomic contract: the request names an operation; its path IDs,
 * headers, query and body fit that operation; the response status is declared and the body fits that status's schema.
 *
 * <p>Two tightenings over the bare definition: object schemas are closed (a property the contract does not name is a
 * violation, so neither the client nor the simulator can lean on fields the real API does not promise), and undeclared
 * query parameters are violations. One loosening, absent from {@link #strict()}: the statuses in
 * {@link #ANSWERABLE_ANYWHERE} may answer any operation, with an {@code ApiError} body.
 */
public final class ContractValidator {

    public static final String RESOURCE = "/contract/polytomic-bridge-openapi.json";

    /**
     * Statuses any operation may answer although the definition lists them on few or none: 401 (omitted almost
     * everywhere, yet any call can carry a bad key), 403, and the transport-level 408, 429 and 5xx that gateways and the
     * simulator's fault injection produce. 409 is also accepted on a request that carried an Idempotency-Key (the key is
     * still in flight, per Polytomic's idempotency guide).
     */
    public static final Set<Integer> ANSWERABLE_ANYWHERE = Set.of(401, 403, 408, 429, 500, 502, 503, 504);

    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The payload schema of each documented event type (the definition leaves the link to the prose). */
    static final Map<String, String> EVENT_PAYLOADS = Map.ofEntries(
            Map.entry("sync.running", "EventingSyncRunningEvent"),
            Map.entry("sync.completed", "EventingSyncCompletedEvent"),
            Map.entry("sync.failed", "EventingSyncFailedEvent"),
            Map.entry("sync.canceled", "EventingSyncCanceledEvent"),
            Map.entry("sync.completed_with_errors", "EventingSyncCompletedWithErrorsEvent"),
            Map.entry("bulk_sync.running", "EventingBulkSyncRunningEvent"),
            Map.entry("bulk_sync.completed", "EventingBulkSyncCompletedEvent"),
            Map.entry("bulk_sync.canceled", "EventingBulkSyncCanceledEvent"),
            Map.entry("bulk_sync.completed_with_error", "EventingBulkSyncCompletedWithErrorEvent"),
            Map.entry("bulk_sync.failed", "EventingBulkSyncFailedEvent"));

    private final boolean lenient;

    /** The contract, plus {@link #ANSWERABLE_ANYWHERE} and the Idempotency-Key 409. */
    public ContractValidator() {
        this(true);
    }

    private ContractValidator(boolean lenient) {
        this.lenient = lenient;
    }

    /** Only the statuses each operation declares. */
    public static ContractValidator strict() {
        return new ContractValidator(false);
    }

    /**
     * The violations of one event (an item of {@code GET /api/events}, or a webhook delivery's body): it fits
     * {@code Event}, its type is a documented one, and its payload fits that type's schema.
     */
    public List<String> validateEvent(JsonNode event) {
        List<String> violations = new ArrayList<>();
        ContractDocument.INSTANCE
                .validate(ContractDocument.schema("Event"), event)
                .forEach(e -> violations.add("event " + event.path("id").asText() + ": " + e));
        String payload = EVENT_PAYLOADS.get(event.path("type").asText());
        if (payload == null) {
            violations.add(
                    "event " + event.path("id").asText() + ": type " + event.path("type") + " is not documented");
        } else {
            ContractDocument.INSTANCE
                    .validate(ContractDocument.schema(payload), event.path("event"))
                    .forEach(e -> violations.add("event " + event.path("id").asText() + " (" + payload + "): " + e));
        }
        return violations;
    }

    /** The violations of one exchange, each starting with the call; empty when the exchange fits the contract. */
    public List<String> validate(Exchange exchange) {
        Check check = new Check(exchange);
        ContractDocument.Match match = ContractDocument.INSTANCE.match(exchange.method(), exchange.path());
        if (match.operation() == null) {
            check.violation(match.whyNot());
            return List.copyOf(check.violations);
        }
        check.request(match);
        if (exchange.status() != 0) { // 0: the simulator reset or hung the call, so there is no response to check
            check.response(match.operation(), lenient);
        }
        if (exchange.status() == 200 && "/api/events".equals(match.operation().template())) {
            events(exchange, check);
        }
        return List.copyOf(check.violations);
    }

    /** Each listed event's payload against its type's schema (the generic check reads the union loosely). */
    private void events(Exchange exchange, Check check) {
        try {
            for (JsonNode event : STRICT_JSON.readTree(exchange.responseBody()).path("data")) {
                validateEvent(event).forEach(check::violation);
            }
        } catch (JsonProcessingException e) {
            // the body check has reported it already
        }
    }

    /** The checks of one exchange and what they found. */
    private static final class Check {

        private final Exchange exchange;
        private final List<String> violations = new ArrayList<>();

        Check(Exchange exchange) {
            this.exchange = exchange;
        }

        void violation(String what) {
            violations.add(exchange.method() + " " + exchange.path() + ": " + what);
        }

        void request(ContractDocument.Match match) {
            Map<String, List<String>> undeclared = new LinkedHashMap<>(exchange.query());
            for (ContractDocument.Parameter parameter : match.operation().parameters()) {
                if ("path".equals(parameter.in())) {
                    String raw = match.pathValues().get(parameter.name());
                    value(parameter, raw == null ? null : List.of(decode(raw)));
                } else if ("query".equals(parameter.in())) {
                    value(parameter, undeclared.remove(parameter.name()));
                } else if ("header".equals(parameter.in())) {
                    header(parameter);
                }
            }
            undeclared.keySet().forEach(name -> violation("query parameter " + name + " is not in the contract"));
            ContractDocument.Operation operation = match.operation();
            String body = exchange.requestBody();
            if (body.isEmpty()) {
                if (operation.requestBodyRequired()) {
                    violation("request body is required but none was sent");
                }
            } else if (operation.requestContent().isEmpty()) {
                violation("request has a body, but the operation takes none: " + abbreviate(body));
            } else {
                body("request", body, exchange.headers().get("content-type"), operation.requestContent());
            }
        }

        void response(ContractDocument.Operation operation, boolean lenient) {
            int status = exchange.status();
            Map<String, JsonNodePath> content = operation.responseContent(status);
            if (content == null) {
                boolean keyInFlight = status == 409 && exchange.headers().containsKey("idempotency-key");
                if (!lenient || !(ANSWERABLE_ANYWHERE.contains(status) || keyInFlight)) {
                    violation("status " + status + " is not declared for " + operation.name() + " (declared: "
                            + String.join(", ", operation.responses().keySet()) + ")");
                    return;
                }
                content = Map.of("application/json", ContractDocument.API_ERROR);
            }
            String what = "response " + status;
            if (!content.isEmpty()) {
                body(what, exchange.responseBody(), exchange.responseHeaders().get("content-type"), content);
            } else if (!exchange.responseBody().isEmpty()) {
                violation(what + " has a body, but the contract declares none: " + abbreviate(exchange.responseBody()));
            }
        }

        private void header(ContractDocument.Parameter parameter) {
            String value = exchange.headers().get(parameter.name().toLowerCase(Locale.ROOT));
            Set<String> schemes = ContractDocument.INSTANCE.authSchemes();
            // The simulator records only the credential's scheme; it must be one of the contract's security schemes.
            if (value != null
                    && "authorization".equalsIgnoreCase(parameter.name())
                    && !schemes.contains(value.toLowerCase(Locale.ROOT))) {
                violation("Authorization scheme '" + value + "' is none of the contract's " + schemes);
            }
            value(parameter, value == null ? null : List.of(value));
        }

        /** A path, query or header value, typed as its schema says, then validated against that schema. */
        private void value(ContractDocument.Parameter parameter, List<String> values) {
            String what = parameter.in() + " parameter " + parameter.name();
            if (values == null || values.isEmpty()) {
                if (parameter.required()) {
                    violation(what + " is required but missing");
                }
                return;
            }
            JsonNode typed;
            if ("array".equals(parameter.schemaNode().path("type").asText())) {
                ArrayNode items = JsonNodeFactory.instance.arrayNode();
                values.forEach(v -> items.add(typed(v, parameter.schemaNode().path("items"))));
                typed = items;
            } else if (values.size() > 1) {
                violation(what + " is given " + values.size() + " times but takes one value");
                return;
            } else {
                typed = typed(values.get(0), parameter.schemaNode());
            }
            for (String error : ContractDocument.INSTANCE.validate(parameter.schema(), typed)) {
                violation(what + " " + typed + ": " + (error.startsWith("$: ") ? error.substring(3) : error));
            }
        }

        private void body(String what, String body, String contentType, Map<String, JsonNodePath> content) {
            if (body.isEmpty()) {
                violation(what + " body is empty, but the contract declares " + content.keySet());
                return;
            }
            String mediaType =
                    contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            JsonNodePath schema = content.get(mediaType);
            if (schema == null) {
                violation(what + " Content-Type is " + contentType + ", the contract declares " + content.keySet());
                return;
            }
            JsonNode value;
            try {
                value = STRICT_JSON.readTree(body);
            } catch (JsonProcessingException e) {
                violation(what + " body is not JSON (" + e.getOriginalMessage() + "): " + abbreviate(body));
                return;
            }
            for (String error : ContractDocument.INSTANCE.validate(schema, value)) {
                violation(what + " body " + error);
            }
        }
    }

    /** HTTP carries text; the contract types it. A value that does not parse stays text and fails the type check. */
    private static JsonNode typed(String value, JsonNode schema) {
        String type = schema.path("type").asText();
        try {
            if ("boolean".equals(type) && ("true".equals(value) || "false".equals(value))) {
                return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
            } else if ("integer".equals(type)) {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
            } else if ("number".equals(type)) {
                return JsonNodeFactory.instance.numberNode(new BigDecimal(value));
            }
        } catch (NumberFormatException e) {
            // stays text
        }
        return JsonNodeFactory.instance.textNode(value);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment; // a broken escape is checked as written
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
