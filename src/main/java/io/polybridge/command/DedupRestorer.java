package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * On every assignment of commands partitions, reads the matching dedup topic partitions to their end before the
 * consumer polls a single command from them: a command ID applied by any instance, before any restart, is known.
 */
@ApplicationScoped
@Identifier(DedupRestorer.NAME)
public class DedupRestorer implements KafkaConsumerRebalanceListener {

    public static final String NAME = "command-dedup-restorer";
    private static final Duration POLL = Duration.ofMillis(200);

    private final DedupStore store;
    private final Map<String, Object> kafka;
    private final String dedupTopic;

    DedupRestorer(
            DedupStore store, BridgeConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.store = store;
        this.kafka = kafka;
        this.dedupTopic = config.topics().commandDedup();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> commands, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try (KafkaConsumer<String, String> reader = reader()) {
            List<TopicPartition> dedup = dedupPartitions(reader, partitions);
            reader.assign(dedup);
            reader.seekToBeginning(dedup);
            Map<TopicPartition, Long> end = reader.endOffsets(dedup);
            int restored = 0;
            while (!caughtUp(reader, end)) {
                for (ConsumerRecord<String, String> record : reader.poll(POLL)) {
                    if (record.value() != null) {
                        store.restore(record.value());
                        restored++;
                    }
                }
            }
            Log.infof(
                    "Restored %d dedup records for partitions %s in %d ms",
                    restored, partitions, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private List<TopicPartition> dedupPartitions(
            KafkaConsumer<String, String> reader, Collection<TopicPartition> commands) {
        int count = Math.max(
                1,
                reader.partitionsFor(dedupTopic).stream()
                                .mapToInt(PartitionInfo::partition)
                                .max()
                                .orElse(0)
                        + 1);
        return commands.stream()
                .map(tp -> new TopicPartition(dedupTopic, tp.partition() % count))
                .distinct()
                .toList();
    }

    private static boolean caughtUp(KafkaConsumer<String, String> reader, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
    }

    private KafkaConsumer<String, String> reader() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.equals("client.id"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props);
    }
}
