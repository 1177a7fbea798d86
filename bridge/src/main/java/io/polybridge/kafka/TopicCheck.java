package io.polybridge.kafka;

import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.TopicRules.Role;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * One check of {@link TopicBootstrap}'s: the Kafka calls and the problems they found. A fixed number of round trips whatever the number of
 * topics, since each waits on the cluster at start-up: the cluster and the topic list together, then every
 * existing topic's description with the internal ones' configuration, then every missing topic in one request.
 */
final class TopicCheck {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final BridgeConfig.Topics topics;
    private final Duration dedupWindow;
    private final Map<String, List<String>> found;
    private final boolean atStart;
    private final int brokers;
    private final short replication;
    private final Set<String> existing;

    TopicCheck(
            Admin admin,
            BridgeConfig.Topics topics,
            Duration dedupWindow,
            Map<String, List<String>> found,
            boolean atStart)
            throws ExecutionException, InterruptedException, TimeoutException {
        this.admin = admin;
        this.topics = topics;
        this.dedupWindow = dedupWindow;
        this.found = found;
        this.atStart = atStart;
        KafkaFuture<Collection<Node>> nodes = admin.describeCluster().nodes();
        KafkaFuture<Set<String>> names = admin.listTopics().names();
        this.brokers = nodes.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
        this.replication = TopicRules.replicationFactor(topics.replicationFactor(), brokers);
        this.existing = names.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void all() throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Role> ours = roles();
        List<String> present = ours.keySet().stream().filter(existing::contains).toList();
        Map<String, KafkaFuture<TopicDescription>> describing =
                present.isEmpty() ? Map.of() : admin.describeTopics(present).topicNameValues();
        List<ConfigResource> internal = present.stream()
                .filter(name -> isInternal(ours.get(name)))
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<ConfigResource, KafkaFuture<Config>> configs =
                internal.isEmpty() ? Map.of() : admin.describeConfigs(internal).values();
        Map<String, TopicDescription> descriptions = new LinkedHashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e : describing.entrySet()) {
            descriptions.put(e.getKey(), e.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        if (atStart) {
            warnUnderReplicated(descriptions);
        }
        // A topic created a moment ago may not be describable yet: trust the count we created it with.
        Integer partitions = descriptions.containsKey(topics.commands())
                ? descriptions.get(topics.commands()).partitions().size()
                : null;
        int others = partitions == null ? topics.partitions() : partitions;
        Map<String, Integer> missing = new LinkedHashMap<>();
        ours.keySet().stream()
                .filter(name -> !existing.contains(name))
                .forEach(name -> missing.put(name, name.equals(topics.commands()) ? topics.partitions() : others));
        Map<String, Integer> created = ensure(missing, ours);
        if (!existing.contains(topics.commands())) {
            partitions = created.get(topics.commands());
        }
        for (ConfigResource resource : internal) {
            String name = resource.name();
            checkInternal(name, ours.get(name), descriptions.get(name), partitions, configs.get(resource));
        }
    }

    /** Topics someone else created with fewer copies than a broker loss needs: they work, until it happens. */
    private void warnUnderReplicated(Map<String, TopicDescription> descriptions) {
        short wanted = TopicRules.replicationFactor(java.util.Optional.empty(), brokers);
        descriptions.forEach((name, description) -> {
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

    /** The bridge's topics and their roles, the commands topic first. */
    private Map<String, Role> roles() {
        Map<String, Role> roles = new LinkedHashMap<>();
        roles.put(topics.commands(), Role.COMMANDS);
        roles.put(topics.deadLetter(), Role.PUBLIC);
        roles.put(topics.commandResults(), Role.PUBLIC);
        roles.put(topics.status(), Role.PUBLIC);
        roles.put(topics.commandDedup(), Role.DEDUP);
        roles.put(topics.statusState(), Role.STATE);
        roles.put(topics.statusHints(), Role.HINTS);
        return roles;
    }

    private void checkInternal(
            String name,
            Role role,
            TopicDescription description,
            Integer commandsPartitions,
            KafkaFuture<Config> describedConfig)
            throws ExecutionException, InterruptedException, TimeoutException {
        int current = description.partitions().size();
        if (topics.create() && commandsPartitions != null && current < commandsPartitions) {
            current = grow(name, current, commandsPartitions);
        }
        Map<String, String> configs;
        try {
            configs = describedConfig.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entries().stream()
                    .filter(e -> e.value() != null)
                    .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value, (a, b) -> b));
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

    /**
     * Creates the missing topics (name → partitions) if allowed, in one request; returns the partition count of
     * each that now exists.
     */
    private Map<String, Integer> ensure(Map<String, Integer> missing, Map<String, Role> roles)
            throws InterruptedException {
        Map<String, Integer> created = new HashMap<>();
        if (missing.isEmpty()) {
            return created;
        }
        if (!topics.create()) {
            missing.forEach((name, partitions) -> add(
                    name,
                    List.of(String.format(
                            "does not exist, and bridge.topics.create is false: create it%s",
                            isInternal(roles.get(name))
                                    ? " with at least " + partitions + " partitions and "
                                            + TopicRules.creationConfig(roles.get(name), dedupWindow)
                                    : ""))));
            return created;
        }
        List<NewTopic> requested = new ArrayList<>();
        missing.forEach((name, partitions) -> requested.add(new NewTopic(name, partitions, replication)
                .configs(TopicRules.creationConfig(roles.get(name), dedupWindow))));
        Map<String, KafkaFuture<Void>> results = admin.createTopics(requested).values();
        try {
            KafkaFuture.allOf(results.values().toArray(KafkaFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Each topic's own outcome is read below.
        }
        for (NewTopic topic : requested) {
            if (created(topic, results.get(topic.name()))) {
                created.put(topic.name(), topic.numPartitions());
            }
        }
        return created;
    }

    /** Whether the topic exists after its creation was asked for; if not, the problem says what to do. */
    private boolean created(NewTopic topic, KafkaFuture<Void> result) throws InterruptedException {
        String name = topic.name();
        Map<String, String> config = topic.configs();
        if (!result.isDone()) {
            add(name, List.of("could not be created: no answer within " + TIMEOUT_SECONDS + " s"));
            return false;
        }
        try {
            result.get();
            Log.infof(
                    "Created topic %s (%d partitions, replication factor %d%s)",
                    name, topic.numPartitions(), replication, config.isEmpty() ? "" : ", " + config);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                // Another instance created it between our listing and our request: fine.
                return true;
            }
            add(
                    name,
                    List.of("could not be created (" + reason(e) + "): create it with " + topic.numPartitions()
                            + " partitions, replication factor " + replication
                            + (config.isEmpty() ? "" : " and " + config)
                            + ", or allow the bridge to create it"));
            return false;
        }
    }

    private int grow(String name, int current, int partitions) throws InterruptedException {
        Log.warnf(
                "Topic %s has %d partitions, fewer than the commands topic: raising to %d", name, current, partitions);
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

    private void add(String topic, List<String> list) {
        if (!list.isEmpty()) {
            found.computeIfAbsent(topic, k -> new ArrayList<>()).addAll(list);
        }
    }

    private static boolean isInternal(Role role) {
        return role == Role.DEDUP || role == Role.STATE || role == Role.HINTS;
    }

    private static String reason(Exception e) {
        return TopicBootstrap.reason(e);
    }
}
