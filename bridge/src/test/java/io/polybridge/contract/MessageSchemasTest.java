package io.polybridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
