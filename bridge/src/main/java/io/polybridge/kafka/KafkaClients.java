package io.polybridge.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Plain Kafka clients for the bridge's side reads (restoring state, scanning the dead-letter topic), built from the
 * application's {@code kafka.*} settings so TLS and SASL apply to them too.
 */
public final class KafkaClients {

    private KafkaClients() {}

    /** A group-less consumer that is assigned partitions by hand and never commits. */
    public static <K, V> KafkaConsumer<K, V> reader(
            Map<String, Object> kafka, Class<? extends Deserializer<K>> keys, Class<? extends Deserializer<V>> values) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.equals("client.id"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keys.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // A restore reads whole partitions: by default the consumer would buffer up to 50 MiB ahead of it, a third of
        // the bridge's heap; 8 MiB still holds several polls' worth.
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        return new KafkaConsumer<>(props);
    }

    /**
     * A consumer that is assigned partitions by hand and commits its positions for {@code group} (a group of its own,
     * with no members: Kafka takes offset commits from such consumers), so that another instance assigned the same
     * partitions later goes on from there.
     */
    public static <K, V> KafkaConsumer<K, V> follower(
            Map<String, Object> kafka,
            String group,
            Class<? extends Deserializer<K>> keys,
            Class<? extends Deserializer<V>> values) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.equals("client.id"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keys.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "1000");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props);
    }
}
