package io.polybridge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What the bridge's topics must be: the replication factor and configuration of those it creates, and what is wrong
 * with an internal topic someone else created. Pure, so that every rule has a unit test; {@link TopicBootstrap} does
 * the talking to Kafka.
 */
final class TopicRules {

    /** The roles a topic plays: only the internal ones have a required configuration. */
    enum Role {
        COMMANDS,
        PUBLIC,
        /** Applied command IDs: compacted, deleted after twice the dedup window, partitioned like the commands. */
        DEDUP,
        /** Tracking state: compacted and kept, partitioned like the commands. */
        STATE,
        /** Status hints: partitioned like the commands; read within seconds, so kept a day. */
        HINTS
    }

    /** A hint is read within seconds by the sync's owner; a day covers an instance that is away a while. */
    static final Duration HINTS_RETENTION = Duration.ofDays(1);

    /** Three copies: one broker may be lost while another is restarted for maintenance. */
    static final int WANTED_REPLICAS = 3;

    private TopicRules() {}

    /** The configured factor, else as many copies as survive a broker loss, up to three, as the cluster can hold. */
    static short replicationFactor(Optional<Short> configured, int brokers) {
        return configured.orElse((short) Math.max(1, Math.min(WANTED_REPLICAS, brokers)));
    }

    /** The topic configuration the bridge creates a topic of this role with (the cluster's defaults for the rest). */
    static Map<String, String> creationConfig(Role role, Duration dedupWindow) {
        if (role == Role.DEDUP) {
            return Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG,
                    String.valueOf(dedupRetention(dedupWindow).toMillis()));
        }
        if (role == Role.STATE) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        if (role == Role.HINTS) {
            return Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(HINTS_RETENTION.toMillis()));
        }
        return Map.of();
    }

    /** Entries past twice the window can no longer match a copy; the margin covers a copy that waited in a backlog. */
    static Duration dedupRetention(Duration dedupWindow) {
        return dedupWindow.multipliedBy(2);
    }

    /**
     * What is wrong with an existing topic of this role, each problem saying what to do about it; empty when nothing
     * is. Only the internal topics have requirements beyond existing.
     *
     * @param commandsPartitions the commands topic's partition count, null when unknown
     * @param configs the topic's configuration as the broker describes it
     */
    static List<String> problems(
            Role role, int partitions, Integer commandsPartitions, Map<String, String> configs, Duration dedupWindow) {
        List<String> problems = new ArrayList<>();
        if (role != Role.DEDUP && role != Role.STATE && role != Role.HINTS) {
            return problems;
        }
        if (commandsPartitions != null && partitions < commandsPartitions) {
            problems.add(String.format(
                    "has %d partitions, fewer than the %d of the commands topic: raise it to %d "
                            + "(kafka-topics --alter --partitions %d); its entries live in the partition numbered "
                            + "like their commands'",
                    partitions, commandsPartitions, commandsPartitions, commandsPartitions));
        }
        if (role == Role.HINTS) {
            return problems;
        }
        Set<String> policy = cleanupPolicy(configs);
        String wantedPolicy = role == Role.DEDUP ? "compact,delete" : "compact";
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            problems.add(String.format(
                    "cleanup.policy is %s: set it to %s; without compaction restoring it reads every entry ever written",
                    String.join(",", policy), wantedPolicy));
        }
        long retention = retentionMs(configs);
        if (role == Role.DEDUP && policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            long window = dedupWindow.toMillis();
            if (retention >= 0 && retention < window) {
                problems.add(String.format(
                        "retention.ms is %d, shorter than the dedup window (%d ms): set it to %d (twice the window), "
                                + "or a copy of an applied command is applied again after a restart",
                        retention, window, dedupRetention(dedupWindow).toMillis()));
            }
        }
        if (role == Role.STATE && policy.contains(TopicConfig.CLEANUP_POLICY_DELETE) && retention >= 0) {
            problems.add(String.format(
                    "cleanup.policy includes delete with retention.ms %d: set cleanup.policy=compact, or the state of "
                            + "a sync tracked longer than that is lost at the next restart or rebalance",
                    retention));
        }
        return problems;
    }

    private static Set<String> cleanupPolicy(Map<String, String> configs) {
        String value = configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        return Arrays.stream(value.replace("[", "").replace("]", "").split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The topic's retention.ms; -1 (keep forever) when absent or unreadable, which asks nothing of the caller. */
    private static long retentionMs(Map<String, String> configs) {
        try {
            return Long.parseLong(configs.getOrDefault(TopicConfig.RETENTION_MS_CONFIG, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
