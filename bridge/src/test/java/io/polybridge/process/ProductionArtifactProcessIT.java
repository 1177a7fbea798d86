package io.polybridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./mvnw package} made is what goes to production: no class of the simulator or the dev-mode stack, and no
 * jar of the embedded broker or of the test support, anywhere in {@code target/quarkus-app}.
 */
class ProductionArtifactProcessIT {

    private static final Path APP = Path.of("target", "quarkus-app");

    /** Jars that only dev mode and the tests may have: the dev-support module and what it brings. */
    private static final List<String> DEV_ONLY_JARS = List.of(
            "polytomic-kafka-bridge-dev-support",
            "org.apache.kafka.kafka_2.13",
            "org.apache.kafka.kafka-server",
            "org.apache.kafka.kafka-storage",
            "org.scala-lang",
            "smallrye-reactive-messaging-kafka-test-companion",
            "org.testcontainers");

    /** Packages of the dev-support module. */
    private static final List<String> DEV_ONLY_PACKAGES = List.of("io/polybridge/simulator/", "io/polybridge/dev/");

    @Test
    void thePackagedApplicationHoldsNoSimulatorBrokerOrTestSupport() throws IOException {
        assertThat(APP.resolve("quarkus-run.jar"))
                .as("the packaged application")
                .isRegularFile();
        List<Path> jars;
        try (Stream<Path> files = Files.walk(APP)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        List<String> devJars = jars.stream()
                .map(p -> p.getFileName().toString())
                .filter(name -> DEV_ONLY_JARS.stream().anyMatch(name::startsWith))
                .toList();
        List<String> devClasses = new ArrayList<>();
        int classes = 0;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (var entries = file.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith("io/polybridge/") && name.endsWith(".class")) {
                        classes++;
                        if (DEV_ONLY_PACKAGES.stream().anyMatch(name::startsWith)) {
                            devClasses.add(jar.getFileName() + "!" + name);
                        }
                    }
                }
            }
        }
        System.out.printf(
                "Production artifact: %d jars, %d bridge classes, %d dev-only jars, %d dev-only classes%n",
                jars.size(), classes, devJars.size(), devClasses.size());
        // The check can see what it looks for: the bridge's own classes are there.
        assertThat(classes).as("bridge classes in the package").isGreaterThan(50);
        assertThat(devJars).as("dev-only jars in the package").isEmpty();
        assertThat(devClasses)
                .as("simulator or dev-stack classes in the package")
                .isEmpty();
    }
}
