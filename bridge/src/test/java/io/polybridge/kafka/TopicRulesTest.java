package io.polybridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.TestConfigs;
import io.polybridge.kafka.TopicRules.Role;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicRulesTest {

    static final Duration WINDOW = Duration.ofHours(24);

    @Test
    void createdTopicsSurviveABrokerLossUnlessTheFactorIsSet() {
        assertThat(TestConfigs.bridge().topics().replicationFactor())
                .as("no fixed default: the cluster decides")
                .isEmpty();
        assertThat(TopicRules.replicationFactor(Optional.empty(), 1)).isEqualTo((short) 1);
        assertThat(TopicRules.replicationFactor(Optional.empty(), 2)).isEqualTo((short) 2);
        assertThat(TopicRules.replicationFactor(Optional.empty(), 3)).isEqualTo((short) 3);
        assertThat(TopicRules.replicationFactor(Optional.empty(), 9)).isEqualTo((short) 3);
        assertThat(TopicRules.replicationFactor(Optional.of((short) 5), 9)).isEqualTo((short) 5);
    }

    @Test
    void internalTopicsNeedCompactionEnoughPartitionsAndRetention() {
        Map<String, String> right = Map.of("cleanup.policy", "compact,delete", "retention.ms", "172800000");
        assertThat(TopicRules.problems(Role.DEDUP, 3, 3, right, WINDOW)).isEmpty();
        assertThat(TopicRules.problems(Role.DEDUP, 6, 3, right, WINDOW))
                .as("more partitions are fine")
                .isEmpty();
        assertThat(TopicRules.problems(Role.DEDUP, 2, 3, right, WINDOW))
                .singleElement()
                .asString()
                .contains("2 partitions", "raise it to 3");
        assertThat(TopicRules.problems(
                        Role.DEDUP, 3, 3, Map.of("cleanup.policy", "delete", "retention.ms", "3600000"), WINDOW))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("cleanup.policy is delete", "compact,delete"))
                .anySatisfy(p -> assertThat(p).contains("retention.ms is 3600000", "172800000"));
        assertThat(TopicRules.problems(Role.DEDUP, 3, 3, Map.of("cleanup.policy", "compact"), WINDOW))
                .as("compacted only: kept longer than needed, never lost")
                .isEmpty();

        assertThat(TopicRules.problems(Role.STATE, 3, 3, Map.of("cleanup.policy", "compact"), WINDOW))
                .isEmpty();
        assertThat(TopicRules.problems(
                        Role.STATE,
                        3,
                        3,
                        Map.of("cleanup.policy", "compact,delete", "retention.ms", "604800000"),
                        WINDOW))
                .singleElement()
                .asString()
                .contains("set cleanup.policy=compact");
        assertThat(TopicRules.problems(
                        Role.STATE, 3, 3, Map.of("cleanup.policy", "compact,delete", "retention.ms", "-1"), WINDOW))
                .as("deleting nothing ever")
                .isEmpty();
        assertThat(TopicRules.problems(Role.STATE, 1, null, Map.of("cleanup.policy", "compact"), WINDOW))
                .as("commands topic unknown: nothing to compare with")
                .isEmpty();

        assertThat(TopicRules.problems(Role.PUBLIC, 1, 3, Map.of("cleanup.policy", "delete"), WINDOW))
                .as("public topics are the operator's to shape")
                .isEmpty();
    }

    @Test
    void theBridgeCreatesInternalTopicsAsTheRulesWantThem() {
        assertThat(TopicRules.problems(Role.DEDUP, 3, 3, TopicRules.creationConfig(Role.DEDUP, WINDOW), WINDOW))
                .isEmpty();
        assertThat(TopicRules.problems(Role.STATE, 3, 3, TopicRules.creationConfig(Role.STATE, WINDOW), WINDOW))
                .isEmpty();
    }
}
