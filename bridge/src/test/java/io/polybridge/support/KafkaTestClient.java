package io.polybridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/** Plain Kafka clients for tests: produce raw records, and read a whole topic until what a test waits for is there. */
public final class KafkaTestClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final Map<String, Object> common;
    private final KafkaProducer<byte[], byte[]> producer;

    /** A client of this JVM's shared broker. */
    public KafkaTestClient() {
        this(KafkaBrokerResource.bootstrapServers());
    }

    /** A client of another broker, e.g. one a test restarts. */
    public KafkaTestClient(String bootstrap) {
        this(bootstrap, Map.of());
    }

    /** A client of another broker with settings of its own for every client it makes, e.g. TLS and SASL. */
    public KafkaTestClient(String bootstrap, Map<String, Object> common) {
        this.bootstrap = bootstrap;
        this.common = Map.copyOf(common);
        this.producer = new KafkaProducer<>(with(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                5)));
    }

    private Map<String, Object> with(Map<String, Object> config) {
        Map<String, Object> all = new java.util.HashMap<>(common);
        all.putAll(config);
        return all;
    }

    public RecordMetadata send(String topic, String key, String value) {
        return send(topic, bytes(key), bytes(value));
    }

    public RecordMetadata send(String topic, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    /** Sends without waiting for each ack (in order per partition); flushes at the end. */
    public void sendAll(String topic, List<String[]> keyValues) {
        for (String[] kv : keyValues) {
            producer.send(new ProducerRecord<>(topic, bytes(kv[0]), bytes(kv[1])));
        }
        producer.flush();
    }

    /** Reads the topic from its start until {@code done} holds for the records read, then returns them all. */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(
            String topic, Duration atMost, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            readFromStart(consumer, topic);
            Awaitility.await()
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                        return done.test(seen);
                    });
        }
        return seen;
    }

    /** Where each partition of the topic ends now: read from here to see only what comes after. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            return consumer.endOffsets(partitions);
        }
    }

    /**
     * Reads the topic from {@code from} (see {@link #endOffsets}) until {@code done} holds for the records read: on a
     * topic that earlier tests filled, much quicker than reading it from its start.
     */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(
            Map<TopicPartition, Long> from, Duration atMost, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Awaitility.await()
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                        return done.test(seen);
                    });
        }
        return seen;
    }

    /**
     * The first record read from {@code from} (see {@link #endOffsets}) whose JSON {@code commandId} is the given one:
     * a command's result, waited for at most {@code atMost}.
     */
    public JsonNode resultOf(Map<TopicPartition, Long> from, String commandId, Duration atMost) {
        Predicate<JsonNode> ours = r -> commandId.equals(r.path("commandId").asText());
        return json(readUntil(from, atMost, seen -> json(seen).stream().anyMatch(ours))).stream()
                .filter(ours)
                .findFirst()
                .orElseThrow();
    }

    /** Everything on the topic from its start, read for {@code during}: for topics that should stay empty. */
    public List<ConsumerRecord<byte[], byte[]>> readFor(String topic, Duration during) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        long until = System.nanoTime() + during.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            readFromStart(consumer, topic);
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    private static void readFromStart(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Makes the group rebalance twice: a member joins (taking some partitions) and leaves again, so every member
     * has its partitions revoked and assigned anew, as after a restart of one instance.
     */
    public void forceRebalance(String group, String topic) {
        try (KafkaConsumer<byte[], byte[]> intruder = new KafkaConsumer<>(with(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                1,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)))) {
            intruder.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                intruder.poll(Duration.ofMillis(100));
                return !intruder.assignment().isEmpty();
            });
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(with(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)));
    }

    /** A record's value as JSON. */
    public static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException("record value is not JSON", e);
        }
    }

    public static List<JsonNode> json(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(KafkaTestClient::json).toList();
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
