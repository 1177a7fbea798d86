package io.polybridge.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a compacted topic from its start to its current end: the latest value of each key, as any instance may, with
 * no consumer group. Blocking, for the HTTP API's worker threads; a fresh client per read, since reads are rare.
 */
@ApplicationScoped
public class CompactedTopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> kafka;

    CompactedTopicReader(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Key → latest value in one partition of the topic, or in all of them; keys whose latest is a tombstone left out. */
    public Map<String, String> latest(String topic, OptionalInt partition) {
        try (KafkaConsumer<String, String> reader =
                KafkaClients.reader(kafka, StringDeserializer.class, StringDeserializer.class)) {
            List<TopicPartition> wanted = reader.partitionsFor(topic).stream()
                    .map(PartitionInfo::partition)
                    .filter(p -> partition.isEmpty() || p == partition.getAsInt())
                    .map(p -> new TopicPartition(topic, p))
                    .toList();
            reader.assign(wanted);
            reader.seekToBeginning(wanted);
            Map<TopicPartition, Long> end = reader.endOffsets(wanted);
            Map<String, String> latest = new HashMap<>();
            while (!end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue())) {
                for (ConsumerRecord<String, String> record : reader.poll(POLL)) {
                    if (record.key() != null) {
                        latest.put(record.key(), record.value());
                    }
                }
            }
            latest.values().removeIf(v -> v == null);
            return latest;
        }
    }

    /** How many partitions the topic has. */
    public int partitionCount(String topic) {
        try (KafkaConsumer<String, String> reader =
                KafkaClients.reader(kafka, StringDeserializer.class, StringDeserializer.class)) {
            return reader.partitionsFor(topic).size();
        }
    }
}
