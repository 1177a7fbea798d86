package io.polybridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The images run what the build makes. A native executable from Quarkus 3.19 or later is linked against UBI 9's glibc
 * (its default Mandrel builder image is UBI 9), so a UBI 8 base image cannot start it.
 */
class ContainerImagesTest {

    private static final Path DOCKER = Path.of("src", "main", "docker");

    @Test
    void nativeImagesAreBuiltOnUbi9() throws IOException {
        for (String file : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            assertThat(from(file)).as(file).containsIgnoringCase("ubi9").doesNotContainIgnoringCase("ubi8");
        }
        assertThat(from("Dockerfile.native-micro")).isEqualTo("quay.io/quarkus/ubi9-quarkus-micro-image:2.0");
    }

    @Test
    void theJvmImageRunsJava17OrLaterOnUbi9() throws IOException {
        assertThat(from("Dockerfile.jvm"))
                .matches("registry\\.access\\.redhat\\.com/ubi9/openjdk-(17|21|25)-runtime:.*");
    }

    private static String from(String dockerfile) throws IOException {
        return Files.readAllLines(DOCKER.resolve(dockerfile)).stream()
                .filter(line -> line.startsWith("FROM "))
                .map(line -> line.substring(5).strip())
                .reduce((first, last) -> last)
                .orElseThrow();
    }
}
