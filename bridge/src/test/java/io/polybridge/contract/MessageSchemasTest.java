package io.polybridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polybridge.support.MessageSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's message examples fit the published schemas, and the schemas do reject what the bridge rejects. */
class MessageSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first JSON code block under a README heading. */
    private static JsonNode readmeExample(String heading) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf("\n" + heading + "\n");
        assertThat(at).as("README has a section " + heading).isPositive();
        Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(at));
        assertThat(block.find()).as("a json block under " + heading).isTrue();
        return JSON.readTree(block.group(1));
    }

    @Test
    void theTrackingEndedExampleFitsTheSchemaAndAStatusChangeNeedsAStatus() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "status-events.md"));
        Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).isTrue();
        JsonNode ended = JSON.readTree(block.group(1));
        assertThat(ended.path("type").asText()).isEqualTo("tracking-ended");
        MessageSchemas.assertValid(MessageSchemas.STATUS_EVENT, ended);

        assertThat(MessageSchemas.validate(MessageSchemas.STATUS_EVENT, without(ended, "reason")))
                .as("tracking-ended says why")
                .isNotEmpty();
        JsonNode changed = ((ObjectNode) without(ended, "reason")).put("type", "status-changed");
        assertThat(MessageSchemas.validate(MessageSchemas.STATUS_EVENT, changed))
                .as("a status change without a status")
                .isNotEmpty();
        assertThat(MessageSchemas.validate(
                        MessageSchemas.STATUS_EVENT, ((ObjectNode) changed.deepCopy()).put("status", "running")))
                .isEmpty();
    }

    private static JsonNode without(JsonNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }

    @Test
    void readmeExamplesFitTheSchemas() throws Exception {
        MessageSchemas.assertValid(MessageSchemas.COMMAND, readmeExample("### Command"));
        MessageSchemas.assertValid(MessageSchemas.COMMAND_RESULT, readmeExample("### Command result"));
        MessageSchemas.assertValid(MessageSchemas.STATUS_EVENT, readmeExample("### Status event"));
    }

    @Test
    void theCommandSchemaRejectsWhatTheBridgeRejects() throws Exception {
        assertThat(MessageSchemas.validate(
                        MessageSchemas.COMMAND, JSON.readTree("{\"action\":\"explode\",\"syncType\":\"model\"}")))
                .isNotEmpty();
        assertThat(MessageSchemas.validate(MessageSchemas.COMMAND, JSON.readTree("{\"action\":\"start\"}")))
                .isNotEmpty();
        assertThat(MessageSchemas.validate(
                        MessageSchemas.COMMAND,
                        JSON.readTree(
                                "{\"action\":\"start\",\"syncType\":\"bulk\",\"options\":{\"resyncMode\":\"full\"}}")))
                .isNotEmpty();
        assertThat(MessageSchemas.validate(
                        MessageSchemas.COMMAND,
                        JSON.readTree("{\"id\":\"x\",\"action\":\"cancel\",\"syncType\":\"model\"}")))
                .isNotEmpty();
        assertThat(
                        MessageSchemas.validate(
                                MessageSchemas.COMMAND,
                                JSON.readTree(
                                        "{\"action\":\"deactivate\",\"syncType\":\"model\",\"options\":{\"cancelRunning\":true},\"extra\":1}")))
                .isEmpty();
    }
}
