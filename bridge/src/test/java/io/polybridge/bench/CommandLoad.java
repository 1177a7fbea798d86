package io.polybridge.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.simulator.SimSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts commands on one bridge's commands topic and times their results: the load every benchmark figure uses. */
final class CommandLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final String commandsTopic;
    private final String resultsTopic;
    private final KafkaProducer<String, String> producer;

    CommandLoad(String bootstrap, String commandsTopic, String resultsTopic) {
        this.bootstrap = bootstrap;
        this.commandsTopic = commandsTopic;
        this.resultsTopic = resultsTopic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                5));
    }

    /**
     * Sends {@code n} commands round the syncs and waits for all their results; returns commands/s from the first send
     * to the last result read.
     */
    double commandRate(String prefix, List<SimSync> syncs, int n, Runnable sample) throws Exception {
        KafkaConsumer<String, String> results = results();
        long start = System.nanoTime();
        List<String> ids = sendActivations(prefix, syncs, n);
        long lastResult = awaitResults(results, ids, sample);
        return n / ((lastResult - start) / 1e9);
    }

    /** Sends {@code n} activate/deactivate commands round the syncs, IDs prefixed; returns the IDs, flushed. */
    List<String> sendActivations(String prefix, List<SimSync> syncs, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + "-" + UUID.randomUUID());
        }
        sendActivations(syncs, ids);
        return ids;
    }

    /** Sends one activate/deactivate command per ID, round the syncs; flushed. */
    void sendActivations(List<SimSync> syncs, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            send(syncs.get(i % syncs.size()).id(), ids.get(i), i % 2 == 0 ? "activate" : "deactivate", "model");
        }
        producer.flush();
    }

    void send(String syncId, String id, String action, String syncType) {
        producer.send(new ProducerRecord<>(
                commandsTopic,
                syncId,
                "{\"id\":\"" + id + "\",\"action\":\"" + action + "\",\"syncType\":\"" + syncType + "\"}"));
    }

    void flush() {
        producer.flush();
    }

    /**
     * Waits for a result for each ID on a consumer opened before the commands were sent ({@link #tail}), then closes
     * it. Returns when the last result was read ({@link System#nanoTime}): closing the consumer is the benchmark's own
     * cost, not the bridge's.
     */
    long awaitResults(KafkaConsumer<String, String> results, List<String> ids, Runnable sample) throws Exception {
        Set<String> wanted = new HashSet<>(ids);
        long deadline = System.currentTimeMillis() + 300_000;
        long lastSample = 0;
        long lastRead = System.nanoTime();
        try (KafkaConsumer<String, String> consumer = results) {
            while (!wanted.isEmpty()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(wanted.size() + " commands without a result on " + resultsTopic);
                }
                ConsumerRecords<String, String> read = consumer.poll(Duration.ofMillis(100));
                lastRead = System.nanoTime();
                for (ConsumerRecord<String, String> r : read) {
                    wanted.remove(commandId(r.value()));
                }
                if (!wanted.isEmpty() && System.currentTimeMillis() - lastSample > 500) {
                    sample.run();
                    lastSample = System.currentTimeMillis();
                }
            }
        }
        return lastRead;
    }

    /** The result's commandId, read with a streaming parser: the load's own CPU competes with the bridge's. */
    private static String commandId(String result) throws java.io.IOException {
        try (JsonParser parser = JSON.getFactory().createParser(result)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && "commandId".equals(parser.currentName())) {
                    return parser.nextTextValue();
                }
            }
        }
        return null;
    }

    /** A consumer of the results topic positioned at its current end; open it before sending the commands. */
    KafkaConsumer<String, String> results() {
        return tail(resultsTopic);
    }

    /**
     * A consumer of every partition of {@code topic}, positioned at its current end. No group: positions are resolved
     * here, before anything is sent (a group member could still be looking up "latest" when the first record lands,
     * and skip it).
     */
    KafkaConsumer<String, String> tail(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                // Fuller fetches, at most 20 ms late: fewer fetch requests for the broker to answer while it is
                // measured.
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                65536,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                20));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
