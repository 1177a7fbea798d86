package io.polybridge.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.awaitility.Awaitility;

/**
 * A broker of its own that clients reach only over {@code SASL_SSL} with SCRAM-SHA-512, as on a managed cluster, with
 * a certificate made for the test by the JDK's keytool. A plaintext listener stays for the brokers' own traffic and
 * for creating the bridge's user; the application under test is given only the SASL_SSL one, and the settings every
 * Kafka client needs for it as {@code kafka.*} settings.
 */
public class SaslSslKafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "bridge";
    private static final String MECHANISM = "SCRAM-SHA-512";

    private Map<String, Object> clientConfig = Map.of();
    private String bootstrap;

    private final String password = "scram-" + UUID.randomUUID();
    private final String storePassword = "store-" + UUID.randomUUID();
    private EmbeddedKafkaBroker broker;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("sasl-ssl-broker");
            TestCertificates certificates = TestCertificates.localhost(dir, "broker", storePassword);
            Path keystore = certificates.keystore();
            Path truststore = certificates.truststore();
            Endpoint external = EmbeddedKafkaBroker.endpoint("EXTERNAL", SecurityProtocol.SASL_SSL, "localhost", 0);
            Endpoint internal = EmbeddedKafkaBroker.endpoint("INTERNAL", SecurityProtocol.PLAINTEXT, "localhost", 0);
            broker = new EmbeddedKafkaBroker()
                    .withAdvertisedListeners(external, internal)
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(p -> {
                        p.put("listener.name.external.sasl.enabled.mechanisms", MECHANISM);
                        p.put(
                                "listener.name.external.scram-sha-512.sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                        p.put("ssl.keystore.location", keystore.toString());
                        p.put("ssl.keystore.password", storePassword);
                        p.put("ssl.key.password", storePassword);
                        p.put("ssl.keystore.type", "PKCS12");
                        p.put("num.partitions", "3");
                        p.put("group.initial.rebalance.delay.ms", "0");
                    })
                    .start();
            createUser(EmbeddedKafkaBroker.toListenerString(internal).replace("INTERNAL://", ""));
            bootstrap = "localhost:" + external.port();
            clientConfig = Map.of(
                    "security.protocol",
                    "SASL_SSL",
                    "sasl.mechanism",
                    MECHANISM,
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                            + "\" password=\"" + password + "\";",
                    "ssl.truststore.location",
                    truststore.toString(),
                    "ssl.truststore.password",
                    storePassword,
                    "ssl.truststore.type",
                    "PKCS12");
            awaitLogin();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        clientConfig.forEach((k, v) -> config.put("kafka." + k, v.toString()));
        return config;
    }

    /** SCRAM users live in the cluster metadata: created through the plaintext listener, before any client logs in. */
    private void createUser(String plaintext) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintext))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create the SCRAM user", e);
        }
    }

    /** The credential reaches the listener through the metadata log a moment after it was accepted. */
    private void awaitLogin() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.listTopics().names().get(5, TimeUnit.SECONDS);
                return true;
            });
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
