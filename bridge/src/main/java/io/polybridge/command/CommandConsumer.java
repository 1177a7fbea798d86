package io.polybridge.command;

import io.polybridge.kafka.CommandPartitions;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The Kafka intake. Records arrive here one at a time in offset order and are handed to the sync's lane
 * ({@link CommandLanes}); each is acknowledged, or nacked to the dead-letter topic, once its outcome is stored. The
 * channel's {@code throttled} commit strategy commits offsets only below the lowest record not yet acknowledged, so
 * out-of-order completion across syncs stays at-least-once. A record whose partition was revoked before its turn came
 * is not started ({@link CommandPartitions}): the new owner reads it again from the last committed offset.
 */
@ApplicationScoped
class CommandConsumer {

    private final CommandProcessor processor;
    private final CommandLanes lanes;
    private final CommandPartitions ownership;

    CommandConsumer(CommandProcessor processor, CommandLanes lanes, CommandPartitions ownership) {
        this.processor = processor;
        this.lanes = lanes;
        this.ownership = ownership;
    }

    @Incoming(Channels.COMMANDS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<byte[], byte[]> metadata =
                message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        ConsumerRecord<byte[], byte[]> record = metadata.getRecord();
        int generation = metadata.getConsumerGroupGenerationId();
        // Invalid keys share one lane: they are dead-lettered without an API call, so order among them is moot.
        String lane = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        return lanes.submit(lane, () -> {
            if (!ownership.owns(record.partition(), generation)) {
                // Neither acked nor nacked: the partition's owner reads it again and applies it.
                Log.debugf(
                        "Leaving %s-%d@%d to the partition's new owner",
                        record.topic(), record.partition(), record.offset());
                return CommandLanes.Progress.skipped();
            }
            CommandLanes.Progress progress = processor.process(record);
            progress.finished().whenComplete((stored, failure) -> {
                if (failure == null) {
                    message.ack();
                    return;
                }
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (ownership.closing()) {
                    // Most likely the shutdown itself; the record is read again rather than dead-lettered.
                    Log.infof(
                            "Leaving %s-%d@%d unfinished at shutdown: %s",
                            record.topic(), record.partition(), record.offset(), cause.getMessage());
                } else {
                    message.nack(cause);
                }
            });
            return progress;
        });
    }
}
