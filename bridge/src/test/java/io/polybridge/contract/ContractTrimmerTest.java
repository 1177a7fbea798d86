package io.polybridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractTrimmerTest {

    static final String FULL_DEFINITION = "src/test/resources/contract/polytomic-openapi.json";

    static final String REGENERATE = "./mvnw -q -pl bridge -am test-compile dependency:build-classpath"
            + " -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test"
            + " && cd bridge && java -cp target/test-classes:target/classes:$(cat target/test-cp.txt)"
            + " io.polybridge.contract.ContractTrimmer src/test/resources/contract/polytomic-openapi.json"
            + " src/test/resources/contract/polytomic-bridge-openapi.json";

    private static byte[] committed() throws Exception {
        try (InputStream in = ContractTrimmerTest.class.getResourceAsStream(ContractValidator.RESOURCE)) {
            assertThat(in).as("the trimmed contract on the classpath").isNotNull();
            return in.readAllBytes();
        }
    }

    /** The full definition, committed beside the trimmed one (see the contract README for its source). */
    private static Path fullDefinition() {
        Path path = Path.of(System.getenv().getOrDefault("POLYTOMIC_OPENAPI", FULL_DEFINITION));
        assertThat(path).as("the full Polytomic definition").isRegularFile();
        return path;
    }

    @Test
    void committedContractIsExactlyWhatTheTrimmerMakesOfTheFullDefinition() throws Exception {
        String fresh = ContractTrimmer.render(ContractTrimmer.trim(fullDefinition()));

        assertThat(new String(committed(), StandardCharsets.UTF_8))
                .as("src/test/resources/contract/polytomic-bridge-openapi.json is stale; regenerate it with: "
                        + REGENERATE)
                .isEqualTo(fresh);
        assertThat(committed()).as("byte for byte").isEqualTo(fresh.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void committedContractHasEveryOperationTheBridgeCallsAndNothingElse() throws Exception {
        JsonNode contract = new ObjectMapper().readTree(committed());
        List<String> present = new ArrayList<>();
        contract.path("paths").properties().forEach(path -> path.getValue()
                .properties()
                .forEach(method -> present.add(method.getKey().toUpperCase() + " " + path.getKey())));

        assertThat(present)
                .containsExactlyInAnyOrderElementsOf(ContractTrimmer.OPERATIONS.stream()
                        .map(ContractTrimmer.Operation::toString)
                        .toList());
        for (ContractTrimmer.Operation operation : ContractTrimmer.OPERATIONS) {
            JsonNode node = contract.path("paths").path(operation.path()).path(operation.key());
            assertThat(node.path("responses").has("200"))
                    .as(operation.toString())
                    .isTrue();
        }
    }

    @Test
    void committedContractKeepsOnlyReachableSchemasAndNoDocumentation() throws Exception {
        String text = new String(committed(), StandardCharsets.UTF_8);
        JsonNode contract = new ObjectMapper().readTree(text);

        assertThat(names(contract.path("components").path("schemas")))
                .contains("ApiError", "ActivateSyncInput", "StartBulkSyncRequest", "BulkSyncExecutionStatus")
                .doesNotContain("BulkSyncListEnvelope", "CreateBulkSyncRequest");
        assertThat(names(contract.path("components").path("securitySchemes")))
                .containsExactlyInAnyOrder("bearerUserAPIKey", "orgScopedAPIKey", "bearerPartnerKey");
        assertThat(text).doesNotContain("\"summary\"", "\"example\"", "\"examples\"", "\"x-");
        // Only Response Objects keep a description: OpenAPI requires it there.
        assertThat(contract.findParents("description"))
                .allSatisfy(owner -> assertThat(owner.has("content") || owner.size() == 1)
                        .as(owner.toString())
                        .isTrue());
        assertThat(text).endsWith("}\n").doesNotContain("\r");
    }

    @Test
    void refusesADefinitionThatLacksAnOperation() {
        JsonNode empty = new ObjectMapper().createObjectNode().put("openapi", "3.1.0");

        assertThatThrownBy(() -> ContractTrimmer.trim(empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("POST /api/syncs/{id}/activate");
    }

    @Test
    void dropsDocumentationButKeepsFieldsNamedLikeIt() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode definition = json.createObjectNode().put("openapi", "3.1.0");
        ObjectNode paths = definition.putObject("paths");
        for (ContractTrimmer.Operation operation : ContractTrimmer.OPERATIONS) {
            ObjectNode op = paths.withObjectProperty(operation.path()).putObject(operation.key());
            op.put("summary", "doc").put("description", "doc").put("x-fern-sdk-method-name", "doc");
            op.putObject("responses")
                    .putObject("200")
                    .put("description", "OK")
                    .putObject("content")
                    .putObject("application/json")
                    .put("example", "doc")
                    .putObject("schema")
                    .put("$ref", "#/components/schemas/Thing");
        }
        ObjectNode schemas = definition.putObject("components").putObject("schemas");
        ObjectNode thing = schemas.putObject("Thing").put("type", "object").put("description", "doc");
        thing.put("x-internal", true);
        ObjectNode properties = thing.putObject("properties");
        properties.putObject("description").put("type", "string").put("description", "doc");
        properties.putObject("x-count").put("type", "integer");
        properties.putObject("child").put("$ref", "#/components/schemas/Child");
        schemas.putObject("Child").put("type", "object").putArray("examples").add("doc");
        schemas.putObject("Unused").put("type", "string");

        ObjectNode trimmed = ContractTrimmer.trim(definition);

        JsonNode kept = trimmed.path("components").path("schemas");
        assertThat(names(kept)).containsExactly("Child", "Thing");
        assertThat(kept.path("Thing").toString())
                .isEqualTo("{\"properties\":{\"child\":{\"$ref\":\"#/components/schemas/Child\"},"
                        + "\"description\":{\"type\":\"string\"},\"x-count\":{\"type\":\"integer\"}},"
                        + "\"type\":\"object\"}");
        JsonNode activate =
                trimmed.path("paths").path("/api/syncs/{id}/activate").path("post");
        assertThat(names(activate)).containsExactly("responses");
        assertThat(activate.path("responses").path("200").path("description").asText())
                .isEqualTo("OK");
        assertThat(ContractTrimmer.render(trimmed)).isEqualTo(ContractTrimmer.render(ContractTrimmer.trim(definition)));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }
}
