package io.polybridge.support;

import io.polybridge.dev.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the application under test at this JVM's real Kafka broker (embedded KRaft, or Testcontainers where asked
 * for). The broker outlives each application so that test classes do not pay its start-up again.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // The shared broker stops with the JVM.
    }

    public static String bootstrapServers() {
        return EmbeddedKafka.shared(0);
    }
}
