package io.polybridge.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.Channels;
import io.polybridge.kafka.CommandPartitions;
import io.polybridge.kafka.CompactedTopicReader;
import io.polybridge.kafka.Partitioner;
import io.polybridge.status.StatusHint;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Puts hints on the status-hints topic for the owners of the syncs they are about: an event's hint into the partition
 * numbered like its sync's commands partition (whoever owns that one reads it), a feed heartbeat or gap into every
 * partition. Completes once the broker has the record (all in-sync replicas), so that a webhook delivery is answered 2xx
 * only when its hint cannot be lost.
 */
@ApplicationScoped
class HintPublisher {

    private final MutinyEmitter<String> hints;
    private final ObjectMapper json;
    private final CommandPartitions partitions;
    private final CompactedTopicReader topics;
    private final String commandsTopic;
    private volatile int knownCount;

    HintPublisher(
            @Channel(Channels.STATUS_HINTS) MutinyEmitter<String> hints,
            ObjectMapper json,
            CommandPartitions partitions,
            CompactedTopicReader topics,
            BridgeConfig config) {
        this.hints = hints;
        this.json = json;
        this.partitions = partitions;
        this.topics = topics;
        this.commandsTopic = config.topics().commands();
    }

    /** A hint about one sync, to its owner. */
    Uni<Void> toOwner(StatusHint hint) {
        return partitionCount()
                .chain(count -> send(hint.syncId(), Partitioner.partitionFor(hint.syncId(), count), hint));
    }

    /** A hint for every owner: one record in each partition. */
    Uni<Void> toAll(StatusHint hint) {
        return partitionCount().chain(count -> {
            List<Uni<Void>> sends = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                sends.add(send("events-feed", p, hint));
            }
            return Uni.join().all(sends).andFailFast().replaceWithVoid();
        });
    }

    private Uni<Void> send(String key, int partition, StatusHint hint) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withPartition(partition)
                .build();
        return hints.sendMessage(Message.of(write(hint)).addMetadata(metadata));
    }

    /**
     * The commands topic's partition count: known once this instance has been assigned partitions; before that (an
     * instance that receives a delivery while it joins the group) read once from the broker, off the event loop.
     */
    private Uni<Integer> partitionCount() {
        int count = partitions.count();
        if (count > 0) {
            return Uni.createFrom().item(count);
        }
        if (knownCount > 0) {
            return Uni.createFrom().item(knownCount);
        }
        return Uni.createFrom()
                .item(() -> {
                    knownCount = topics.partitionCount(commandsTopic);
                    return knownCount;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private String write(StatusHint hint) {
        try {
            return json.writeValueAsString(hint);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a hint is always serializable", e);
        }
    }
}
