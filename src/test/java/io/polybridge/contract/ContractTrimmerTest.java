package io.polybridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContractTrimmerTest {

    private static String committed() throws Exception {
        try (InputStream in = ContractTrimmerTest.class.getResourceAsStream(ContractValidator.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void committedContractStillMatchesTheFullDefinition() throws Exception {
        String override = System.getenv("POLYTOMIC_OPENAPI");
        Path definition = Path.of(override != null ? override : "../shared/polytomic-api/polytomic-openapi.json");
        assumeTrue(Files.exists(definition), "full definition not present: " + definition.toAbsolutePath());

        String fresh = ContractTrimmer.render(ContractTrimmer.trim(new ObjectMapper().readTree(definition.toFile())));

        assertThat(fresh)
                .as(
                        "src/test/resources/contract/polytomic-bridge-openapi.json is stale; regenerate it as its README says")
                .isEqualTo(committed());
    }

    @Test
    void committedContractHasEveryOperationTheBridgeUses() throws Exception {
        JsonNode contract = new ObjectMapper().readTree(committed());
        for (String operation : ContractTrimmer.OPERATIONS) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            assertThat(contract.path("paths")
                            .path(path)
                            .path(method)
                            .path("responses")
                            .path("200")
                            .isMissingNode())
                    .as(operation)
                    .isFalse();
        }
        assertThat(contract.toString()).doesNotContain("\"description\"").contains("\"ApiError\"");
    }
}
