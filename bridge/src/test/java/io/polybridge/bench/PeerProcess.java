package io.polybridge.bench;

import io.polybridge.process.JvmProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.awaitility.Awaitility;

/**
 * The benchmark's peer (module {@code benchmark-peer}: a Camel route doing the bridge's job with off-the-shelf parts) as
 * a JVM of its own (256 MiB heap, Parallel GC: its idempotent repository remembers as many IDs as the bridge's dedup
 * store, in a heap as large as the bridge had before it was sized down): ready once its consumer group
 * holds every partition of its commands topic.
 */
final class PeerProcess implements JvmProcess, AutoCloseable {

    private final Process process;
    private final String group;
    private final String bootstrap;
    private final int partitions;
    private final long startedNanos = System.nanoTime();

    private PeerProcess(Process process, String group, String bootstrap, int partitions) {
        this.process = process;
        this.group = group;
        this.bootstrap = bootstrap;
        this.partitions = partitions;
    }

    /** Starts the peer on its topics, {@code partitions} being its commands topic's (one consumer thread each). */
    static PeerProcess start(
            String bootstrap, String apiUrl, String apiKey, PeerTopics topics, int partitions, int maxRedeliveries)
            throws IOException {
        Path jar = Path.of(System.getProperty("peer.jar", "../benchmark-peer/target/benchmark-peer.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    "the benchmark's peer was not found at " + jar + "; run ./mvnw -Pbenchmark -DskipTests verify");
        }
        Path log = Path.of("target", "process-logs", "peer.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseParallelGC",
                "-jar",
                jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment()
                .putAll(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                        "PEER_API_URL", apiUrl,
                        "PEER_API_KEY", apiKey,
                        "PEER_COMMANDS_TOPIC", topics.commands(),
                        "PEER_DEAD_LETTER_TOPIC", topics.deadLetter(),
                        "PEER_IDEMPOTENCY_TOPIC", topics.commandIds(),
                        "PEER_GROUP_ID", topics.group(),
                        "PEER_CONSUMERS", String.valueOf(partitions),
                        "PEER_MAX_REDELIVERIES", String.valueOf(maxRedeliveries)));
        return new PeerProcess(builder.start(), topics.group(), bootstrap, partitions);
    }

    /** Waits until the peer's group is stable with every partition assigned; returns the time from start. */
    Duration awaitReady(Duration atMost) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Awaitility.await()
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the peer exited with " + process.exitValue()
                                    + "; see target/process-logs/peer.log");
                        }
                        return holdsEveryPartition(admin);
                    });
        }
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private boolean holdsEveryPartition(Admin admin) throws Exception {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(5, TimeUnit.SECONDS);
        } catch (ExecutionException notYet) {
            return false; // the group does not exist until its first member joins
        }
        int assigned = 0;
        for (MemberDescription member : description.members()) {
            assigned += member.assignment().topicPartitions().size();
        }
        return description.groupState() == GroupState.STABLE && assigned == partitions;
    }

    @Override
    public String name() {
        return "peer";
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /** The peer's topics and group: the bridge's topic shape, names of its own. */
    record PeerTopics(String commands, String deadLetter, String commandIds, String group) {
        static final PeerTopics DEFAULT =
                new PeerTopics("peer.commands", "peer.commands.dlq", "peer.command-ids", "peer");
    }
}
