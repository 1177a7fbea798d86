package io.polybridge.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes what the bridge records per command (its result, its dedup entry, the sync's tracking state) through one
 * producer: one produce request per broker and linger carries all three, where a producer per topic sent three and
 * added a sending thread and a network thread each. Each record names its topic; values are written as JSON.
 */
@ApplicationScoped
public class BridgeRecords {

    private final MutinyEmitter<String> records;
    private final ObjectMapper json;

    BridgeRecords(@Channel(Channels.RECORDS) MutinyEmitter<String> records, ObjectMapper json) {
        this.records = records;
        this.json = json;
    }

    /** Writes to the partition the key hashes to; completes once the broker has the record. */
    public Uni<Void> send(String topic, String key, Object value) {
        return send(
                OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key), value);
    }

    /** Writes to the given partition; a null value is a tombstone. Completes once the broker has the record. */
    public Uni<Void> send(String topic, String key, int partition, Object value) {
        return send(
                OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic)
                        .withKey(key)
                        .withPartition(partition),
                value);
    }

    private Uni<Void> send(
            OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata, Object value) {
        return records.sendMessage(Message.of(write(value)).addMetadata(metadata.build()));
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(value.getClass().getSimpleName() + " is always serializable", e);
        }
    }
}
