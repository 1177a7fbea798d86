package io.polybridge.dev;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Locale;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Owns the Kafka broker used by dev mode and the tests: a real single-node KRaft broker started in-process from
 * Maven Central jars, or Testcontainers' {@link KafkaContainer} where a Docker engine exists and the user asks for it
 * ({@value #MODE_PROPERTY}=testcontainers, or env {@value #MODE_ENV}).
 *
 * <p>One broker per JVM: it is kept in the system properties so that it survives Quarkus dev-mode restarts and test
 * classes that each build their own application, and it is stopped (storage deleted) when the JVM exits.
 */
public final class EmbeddedKafka {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);

    public static final String MODE_PROPERTY = "polybridge.kafka";
    public static final String MODE_ENV = "POLYBRIDGE_KAFKA";
    static final String TESTCONTAINERS = "testcontainers";
    static final String KAFKA_IMAGE = "apache/kafka-native:4.1.1";
    private static final String BOOTSTRAP_KEY = "polybridge.kafka.shared.bootstrap";
    private static final String HANDLE_KEY = "polybridge.kafka.shared.handle";

    private EmbeddedKafka() {}

    /**
     * Returns the bootstrap servers of this JVM's broker, starting one first if none runs.
     *
     * @param port the port for the embedded broker, 0 for any free port (ignored for Testcontainers)
     */
    public static synchronized String shared(int port) {
        Properties props = System.getProperties();
        String running = props.getProperty(BOOTSTRAP_KEY);
        if (running != null) {
            return running;
        }
        AutoCloseable handle;
        String bootstrap;
        if (testcontainersRequested()) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            handle = container::stop;
            bootstrap = container.getBootstrapServers();
        } else {
            EmbeddedKafkaBroker broker = startEmbedded(port);
            handle = broker;
            bootstrap = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
        }
        props.put(HANDLE_KEY, handle);
        props.setProperty(BOOTSTRAP_KEY, bootstrap);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(handle), "kafka-broker-shutdown"));
        LOG.infof("Kafka broker ready at %s", bootstrap);
        return bootstrap;
    }

    static EmbeddedKafkaBroker startEmbedded(int port) {
        return new EmbeddedKafkaBroker()
                .withKafkaPort(port)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(EmbeddedKafka::tune)
                .start();
    }

    /**
     * A broker of its own (not the shared one, not started) that can be closed and started again with its data: fixed
     * ports, storage in {@code logDir} (kept on close; the caller deletes it), the same cluster ID on every start.
     */
    public static EmbeddedKafkaBroker restartable(int port, int controllerPort, java.nio.file.Path logDir) {
        return new EmbeddedKafkaBroker()
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    tune(p);
                    p.put("log.dir", logDir.toString());
                });
    }

    private static void tune(Properties p) {
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        // Consumer groups form at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Compacted state topics are cleaned promptly in long dev sessions.
        p.put("log.cleaner.backoff.ms", "1000");
    }

    static boolean testcontainersRequested() {
        String mode = System.getProperty(MODE_PROPERTY, System.getenv().getOrDefault(MODE_ENV, "embedded"));
        if (!TESTCONTAINERS.equals(mode.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(
                    MODE_PROPERTY + "=testcontainers was asked for, but no Docker engine answers");
        }
        return true;
    }

    private static void closeQuietly(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            LOG.debug("Kafka broker did not stop cleanly", e);
        }
    }
}
