package io.polybridge.kafka;

import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.TopicRules.Role;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the bridge's topics when missing and checks the internal ones, before the channels start. The dedup and
 * tracking-state topics need at least as many partitions as the commands topic, because their entries live in the
 * partition with the same number as the commands they belong to, and a configuration that keeps their entries.
 * Where the bridge may not create topics ({@code bridge.topics.create=false}) a missing topic is a problem too. Every
 * problem is an ERROR with what to fix and keeps the bridge not ready ({@link TopicProblems}); while there are any, the
 * topics are checked again every {@code bridge.topics.recheck-interval}.
 */
@ApplicationScoped
class TopicBootstrap {

    private static final long TIMEOUT_SECONDS = 30;

    private final BridgeConfig.Topics topics;
    private final Duration dedupWindow;
    private final Map<String, Object> kafka;
    private final TopicProblems problems;

    TopicBootstrap(
            BridgeConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            TopicProblems problems) {
        this.topics = config.topics();
        this.dedupWindow = config.commands().dedupWindow();
        this.kafka = kafka;
        this.problems = problems;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        check(true);
    }

    @Scheduled(
            identity = "topic-recheck",
            every = "${bridge.topics.recheck-interval}",
            delayed = "${bridge.topics.recheck-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recheck() {
        if (problems.any()) {
            check(false);
        }
    }

    /** Creates what is missing (where allowed), checks the rest, and replaces the recorded problems. */
    synchronized void check(boolean atStart) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Map<String, Object> props = new HashMap<>(kafka);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.contains("serializer") || k.contains("deserializer"));
        try (Admin admin = Admin.create(props)) {
            new Run(admin, found, atStart).all();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found.computeIfAbsent(TopicProblems.CLUSTER, k -> new ArrayList<>()).add("topic check interrupted");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            found.computeIfAbsent(TopicProblems.CLUSTER, k -> new ArrayList<>())
                    .add("could not check the topics: " + reason(e));
        }
        problems.update(found);
    }

    /** One check: the Kafka calls and the problems they found. */
    private final class Run {
        private final Admin admin;
        private final Map<String, List<String>> found;
        private final boolean atStart;
        private final int brokers;
        private final short replication;
        private Set<String> existing;

        Run(Admin admin, Map<String, List<String>> found, boolean atStart)
                throws ExecutionException, InterruptedException, TimeoutException {
            this.admin = admin;
            this.found = found;
            this.atStart = atStart;
            this.brokers = admin.describeCluster()
                    .nodes()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .size();
            this.replication = TopicRules.replicationFactor(topics.replicationFactor(), brokers);
        }

        void all() throws ExecutionException, InterruptedException, TimeoutException {
            existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (atStart) {
                warnUnderReplicated();
            }
            // A topic created a moment ago may not be describable yet: trust the count we created it with.
            Integer partitions;
            if (existing.contains(topics.commands())) {
                partitions = describe(List.of(topics.commands()))
                        .get(topics.commands())
                        .partitions()
                        .size();
            } else {
                partitions = ensure(topics.commands(), Role.COMMANDS, topics.partitions());
            }
            int others = partitions == null ? topics.partitions() : partitions;
            for (String name : List.of(topics.deadLetter(), topics.commandResults(), topics.status())) {
                if (!existing.contains(name)) {
                    ensure(name, Role.PUBLIC, others);
                }
            }
            checkInternal(topics.commandDedup(), Role.DEDUP, partitions, others);
            checkInternal(topics.statusState(), Role.STATE, partitions, others);
            checkInternal(topics.statusHints(), Role.HINTS, partitions, others);
        }

        /** Topics someone else created with fewer copies than a broker loss needs: they work, until it happens. */
        private void warnUnderReplicated() throws ExecutionException, InterruptedException, TimeoutException {
            short wanted = TopicRules.replicationFactor(java.util.Optional.empty(), brokers);
            List<String> ours = names().stream().filter(existing::contains).toList();
            if (ours.isEmpty()) {
                return;
            }
            describe(ours).forEach((name, description) -> {
                int copies = description.partitions().isEmpty()
                        ? 0
                        : description.partitions().get(0).replicas().size();
                if (copies < wanted) {
                    Log.warnf(
                            "Topic %s has replication factor %d on a cluster of %d brokers: losing one broker makes "
                                    + "it unavailable; %d is what survives it",
                            name, copies, brokers, wanted);
                }
            });
        }

        private List<String> names() {
            return List.of(
                    topics.commands(),
                    topics.deadLetter(),
                    topics.commandResults(),
                    topics.status(),
                    topics.commandDedup(),
                    topics.statusState(),
                    topics.statusHints());
        }

        private void checkInternal(String name, Role role, Integer commandsPartitions, int partitions)
                throws ExecutionException, InterruptedException, TimeoutException {
            if (!existing.contains(name)) {
                ensure(name, role, partitions);
                return;
            }
            int current = describe(List.of(name)).get(name).partitions().size();
            if (topics.create() && commandsPartitions != null && current < commandsPartitions) {
                current = grow(name, current, commandsPartitions);
            }
            Map<String, String> configs;
            try {
                configs = configsOf(name);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    // Not a reason to stop: the topic may well be right. Say what cannot be verified.
                    if (atStart) {
                        Log.warnf(
                                "Cannot verify the configuration of %s (%s): make sure it is %s",
                                name, reason(e), TopicRules.creationConfig(role, dedupWindow));
                    }
                    configs = null;
                } else {
                    throw e;
                }
            }
            if (configs != null) {
                add(name, TopicRules.problems(role, current, commandsPartitions, configs, dedupWindow));
            }
        }

        /** Creates the topic if allowed; returns its partition count, or null when it does not exist. */
        private Integer ensure(String name, Role role, int partitions) throws InterruptedException {
            Map<String, String> config = TopicRules.creationConfig(role, dedupWindow);
            if (!topics.create()) {
                add(
                        name,
                        List.of(String.format(
                                "does not exist, and bridge.topics.create is false: create it%s",
                                role == Role.DEDUP || role == Role.STATE || role == Role.HINTS
                                        ? " with at least " + partitions + " partitions and " + config
                                        : "")));
                return null;
            }
            NewTopic topic = new NewTopic(name, partitions, replication).configs(config);
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Log.infof(
                        "Created topic %s (%d partitions, replication factor %d%s)",
                        name, partitions, replication, config.isEmpty() ? "" : ", " + config);
                return partitions;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    // Another instance created it between our listing and our request: fine.
                    return partitions;
                }
                add(
                        name,
                        List.of("could not be created (" + reason(e) + "): create it with " + partitions
                                + " partitions, replication factor " + replication
                                + (config.isEmpty() ? "" : " and " + config)
                                + ", or allow the bridge to create it"));
                return null;
            } catch (TimeoutException e) {
                add(name, List.of("could not be created: no answer within " + TIMEOUT_SECONDS + " s"));
                return null;
            }
        }

        private int grow(String name, int current, int partitions) throws InterruptedException {
            Log.warnf(
                    "Topic %s has %d partitions, fewer than the commands topic: raising to %d",
                    name, current, partitions);
            try {
                admin.createPartitions(Map.of(name, NewPartitions.increaseTo(partitions)))
                        .all()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return partitions;
            } catch (ExecutionException | TimeoutException e) {
                // The rules below then report the partition count with what to do.
                Log.warnf("Could not add partitions to %s: %s", name, reason(e));
                return current;
            }
        }

        private Map<String, TopicDescription> describe(List<String> names)
                throws ExecutionException, InterruptedException, TimeoutException {
            return admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        private Map<String, String> configsOf(String name)
                throws ExecutionException, InterruptedException, TimeoutException {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            Config config = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(resource);
            return config.entries().stream()
                    .filter(e -> e.value() != null)
                    .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value, (a, b) -> b));
        }

        private void add(String topic, List<String> list) {
            if (!list.isEmpty()) {
                found.computeIfAbsent(topic, k -> new ArrayList<>()).addAll(list);
            }
        }
    }

    private static String reason(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
