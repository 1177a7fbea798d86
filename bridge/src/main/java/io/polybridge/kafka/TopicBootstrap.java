package io.polybridge.kafka;

import io.polybridge.config.BridgeConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the bridge's topics when missing, before the channels start. The dedup and tracking-state topics are
 * compacted and get at least as many partitions as the commands topic, because their entries live in the partition
 * with the same number as the commands they belong to.
 */
@ApplicationScoped
class TopicBootstrap {

    private static final long TIMEOUT_SECONDS = 30;

    private final BridgeConfig.Topics topics;
    private final BridgeConfig.Commands commands;
    private final Map<String, Object> kafka;

    TopicBootstrap(BridgeConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.topics = config.topics();
        this.commands = config.commands();
        this.kafka = kafka;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) throws Exception {
        if (!topics.create()) {
            return;
        }
        Map<String, Object> props = new HashMap<>(kafka);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.contains("serializer") || k.contains("deserializer"));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // A topic created a moment ago may not be describable yet: trust the count we created it with.
            int partitions = existing.contains(topics.commands())
                    ? partitionsOf(admin, topics.commands())
                    : create(admin, plain(topics.commands(), topics.partitions()));
            for (NewTopic topic : List.of(
                    plain(topics.deadLetter(), partitions),
                    plain(topics.commandResults(), partitions),
                    plain(topics.status(), partitions))) {
                if (!existing.contains(topic.name())) {
                    create(admin, topic);
                }
            }
            for (NewTopic topic : List.of(dedup(partitions), compacted(topics.statusState(), partitions))) {
                if (existing.contains(topic.name())) {
                    growTo(admin, topic.name(), partitions);
                } else {
                    create(admin, topic);
                }
            }
        }
    }

    private int create(Admin admin, NewTopic topic) throws Exception {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Log.infof("Created topic %s (%d partitions)", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            // Another instance created it between our listing and our request: fine.
            Log.debugf("Topic %s not created: %s", topic.name(), e.getCause().getMessage());
        }
        return topic.numPartitions();
    }

    private void growTo(Admin admin, String topic, int partitions) throws Exception {
        int current = partitionsOf(admin, topic);
        if (current < partitions) {
            Log.warnf(
                    "Topic %s has %d partitions, fewer than the commands topic: raising to %d",
                    topic, current, partitions);
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions)))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static int partitionsOf(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic);
        return description.partitions().size();
    }

    private NewTopic plain(String name, int partitions) {
        return new NewTopic(name, partitions, topics.replicationFactor());
    }

    private NewTopic compacted(String name, int partitions) {
        return plain(name, partitions)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** Compacted, and entries past twice the dedup window are deleted: they can no longer match a copy. */
    private NewTopic dedup(int partitions) {
        String retention = String.valueOf(commands.dedupWindow().multipliedBy(2).toMillis());
        return plain(topics.commandDedup(), partitions)
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        retention));
    }
}
