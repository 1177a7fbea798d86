package io.polybridge.kafka;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The commands consumer's rebalance listener. On assignment it reads every {@link PartitionedState} topic's matching
 * partitions to their end before the consumer polls a single command from them, so an instance knows every applied
 * command ID and every tracked sync of its partitions, whoever wrote them and before whatever restart. It also keeps
 * {@link CommandPartitions} up to date, so that commands still queued here for a partition this instance lost are left
 * to the partition's owner.
 */
@ApplicationScoped
@Identifier(AssignmentRestorer.NAME)
public class AssignmentRestorer implements KafkaConsumerRebalanceListener {

    public static final String NAME = "command-partitions-restorer";
    private static final Duration POLL = Duration.ofMillis(200);

    private final Instance<PartitionedState> states;
    private final CommandPartitions ownership;
    private final Map<String, Object> kafka;

    AssignmentRestorer(
            Instance<PartitionedState> states,
            CommandPartitions ownership,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.states = states;
        this.ownership = ownership;
        this.kafka = kafka;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> commands, Collection<TopicPartition> partitions) {
        Set<Integer> numbers = numbers(partitions);
        if (!numbers.isEmpty()) {
            try (KafkaConsumer<String, String> reader =
                    KafkaClients.reader(kafka, StringDeserializer.class, StringDeserializer.class)) {
                for (PartitionedState state : states) {
                    restore(reader, state, numbers);
                }
            }
        }
        // From everything owned, not only what this rebalance added (which an incremental one may leave empty).
        int count = commands.assignment().stream()
                .findFirst()
                .map(tp -> commands.partitionsFor(tp.topic()).size())
                .orElse(0);
        states.forEach(s -> s.assigned(numbers, count));
        ownership.assigned(
                numbers,
                numbers(commands.assignment()),
                commands.groupMetadata().generationId(),
                count);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> commands, Collection<TopicPartition> partitions) {
        Set<Integer> numbers = numbers(partitions);
        ownership.revoked(numbers);
        states.forEach(s -> s.revoked(numbers));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> commands, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(commands, partitions);
    }

    private static void restore(KafkaConsumer<String, String> reader, PartitionedState state, Set<Integer> numbers) {
        long started = System.nanoTime();
        List<TopicPartition> wanted =
                numbers.stream().map(p -> new TopicPartition(state.topic(), p)).toList();
        reader.assign(wanted);
        reader.seekToBeginning(wanted);
        Map<TopicPartition, Long> end = reader.endOffsets(wanted);
        int restored = 0;
        while (!end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue())) {
            for (ConsumerRecord<String, String> record : reader.poll(POLL)) {
                state.restore(record.partition(), record.key(), record.value());
                restored++;
            }
        }
        Log.infof(
                "Restored %d records of %s for partitions %s in %d ms",
                restored, state.topic(), numbers, (System.nanoTime() - started) / 1_000_000);
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
    }
}
