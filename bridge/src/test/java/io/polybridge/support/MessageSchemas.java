package io.polybridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The published JSON Schemas of the bridge's messages (src/main/resources/contracts), for asserting on records. */
public final class MessageSchemas {

    public static final String COMMAND = "command";
    public static final String COMMAND_RESULT = "command-result";
    public static final String STATUS_EVENT = "status-event";
    public static final String WEBHOOK_DELIVERY = "webhook-delivery";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private MessageSchemas() {}

    public static Set<ValidationMessage> validate(String name, JsonNode message) {
        return schema(name).validate(message);
    }

    public static void assertValid(String name, JsonNode message) {
        Set<ValidationMessage> errors = validate(name, message);
        if (!errors.isEmpty()) {
            throw new AssertionError(name + " does not fit its schema: " + errors + "\n" + message);
        }
    }

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            try (InputStream in = MessageSchemas.class.getResourceAsStream("/contracts/" + n + ".schema.json")) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(
                                JSON.readTree(in),
                                SchemaValidatorsConfig.builder()
                                        .formatAssertionsEnabled(true)
                                        .build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
