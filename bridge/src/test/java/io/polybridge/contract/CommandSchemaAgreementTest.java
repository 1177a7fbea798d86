package io.polybridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import io.polybridge.command.CommandCases;
import io.polybridge.command.CommandParser;
import io.polybridge.command.InvalidCommandException;
import io.polybridge.command.TestConfigs;
import io.polybridge.support.MessageSchemas;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published command schema and the bridge's parser agree on every record of {@link CommandCases}: a producer that
 * validates against the schema never has a command dead-lettered as invalid, and the schema refuses nothing the bridge
 * would apply. Where the schema cannot judge (the record key, the record's size, a duplicate member name), the case
 * says so, and this test checks that exactly that is the difference: the parser refuses, the schema accepts the value.
 */
class CommandSchemaAgreementTest {

    /** A standard JSON reader: one document, nothing after it. Duplicate member names are the parser's own rule. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final CommandParser parser = new CommandParser(TestConfigs.bridge());

    static List<CommandCases.Case> cases() {
        return CommandCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSchemaAndTheParserAgree(CommandCases.Case c) {
        String parsed = parserReason(c);
        assertThat(parsed).as("the parser, as the table says").isEqualTo(c.reason());

        if (c.blind() == CommandCases.SchemaBlind.NO_VALUE) {
            assertThat(c.value()).as("nothing for the schema to see").isNull();
            return;
        }
        Set<String> schemaErrors = schemaErrors(c.value());
        if (c.blind() != null) {
            assertThat(c.accepted()).as("a blind spot only explains a refusal").isFalse();
            assertThat(schemaErrors)
                    .as("%s: the schema cannot see why the parser refuses (%s), so it accepts the value", c, c.blind())
                    .isEmpty();
            return;
        }
        if (c.accepted()) {
            assertThat(schemaErrors)
                    .as("the parser accepts it; the schema must too")
                    .isEmpty();
        } else {
            assertThat(schemaErrors)
                    .as("%s: the parser dead-letters it as %s; the schema must refuse it too", c, c.reason())
                    .isNotEmpty();
        }
    }

    private String parserReason(CommandCases.Case c) {
        try {
            parser.parse(c.key(), c.value(), NOW);
            return null;
        } catch (InvalidCommandException e) {
            return e.code();
        }
    }

    /**
     * What a producer validating the value against the schema is told: nothing when it fits. A value that is not a
     * JSON text (not UTF-8, as RFC 8259 requires between systems, or not JSON) fits no schema.
     */
    private static Set<String> schemaErrors(byte[] value) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return Set.of("not UTF-8");
        }
        JsonNode document;
        try {
            document = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Set.of("not JSON: " + e.getOriginalMessage());
        }
        if (document == null || document.isMissingNode()) {
            return Set.of("no JSON document");
        }
        return MessageSchemas.validate(MessageSchemas.COMMAND, document).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toSet());
    }
}
