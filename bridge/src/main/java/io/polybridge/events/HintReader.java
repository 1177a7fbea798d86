package io.polybridge.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.CommandPartitions;
import io.polybridge.kafka.KafkaClients;
import io.polybridge.status.StatusHint;
import io.polybridge.status.StatusHints;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the status-hints partitions numbered like the commands partitions this instance owns, and hands each hint to
 * {@link StatusHints}: the partitions follow the commands consumer's assignment, so a hint reaches the sync's owner
 * whichever instance wrote it. Positions are committed for a group of their own ({@code <group>.status-hints}), so a
 * partition's next owner goes on where the last stopped.
 *
 * <p>A plain consumer on a thread of its own, because it is assigned partitions by hand as the commands assignment
 * changes; the Kafka connector's channels subscribe or take a fixed assignment. It blocks only in {@code poll}, and
 * hands hints on without waiting for what they lead to.
 */
@ApplicationScoped
class HintReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final CommandPartitions ownership;
    private final StatusHints hints;
    private final ObjectMapper json;
    private final Map<String, Object> kafka;
    private final String topic;
    private final String group;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    HintReader(
            CommandPartitions ownership,
            StatusHints hints,
            ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            BridgeConfig config,
            @ConfigProperty(name = "mp.messaging.incoming.polytomic-commands.group.id") String commandsGroup) {
        this.ownership = ownership;
        this.hints = hints;
        this.json = json;
        this.kafka = kafka;
        this.topic = config.topics().statusHints();
        this.group = commandsGroup + ".status-hints";
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "status-hints-reader");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(5).toMillis());
        }
    }

    private void run() {
        while (running) {
            try {
                follow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // A broken client (the broker away too long, say): a fresh one after a pause; hints wait on the topic.
                Log.warnf(e, "The status-hints reader failed (%s); starting it again", e.getMessage());
                try {
                    ownership.awaitChange(ownership.version(), Duration.ofSeconds(1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reads the partitions this instance owns, following their changes, until stopped. */
    private void follow() throws InterruptedException {
        try (KafkaConsumer<String, String> reader =
                KafkaClients.follower(kafka, group, StringDeserializer.class, StringDeserializer.class)) {
            consumer = reader;
            long version = -1;
            Set<Integer> assigned = Set.of();
            while (running) {
                long now = ownership.version();
                if (now != version) {
                    version = now;
                    assigned = ownership.owned();
                    reader.assign(assigned.stream()
                            .map(p -> new TopicPartition(topic, p))
                            .toList());
                }
                if (assigned.isEmpty()) {
                    ownership.awaitChange(version, POLL.multipliedBy(5));
                    continue;
                }
                for (ConsumerRecord<String, String> record : reader.poll(POLL)) {
                    handle(record);
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            hints.accept(json.readValue(record.value(), StatusHint.class), record.partition());
        } catch (JsonProcessingException e) {
            Log.warnf(
                    "Skipping an unreadable status hint at %s-%d@%d: %s",
                    topic, record.partition(), record.offset(), e.getOriginalMessage());
        } catch (RuntimeException e) {
            Log.warnf(e, "A status hint at %s-%d@%d could not be handled", topic, record.partition(), record.offset());
        }
    }

    /** Whether the reader runs, for health. */
    boolean running() {
        return running && thread != null && thread.isAlive();
    }
}
