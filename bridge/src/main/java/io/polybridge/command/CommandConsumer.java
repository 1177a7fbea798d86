package io.polybridge.command;

import io.polybridge.kafka.Channels;
import io.polybridge.kafka.CommandPartitions;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
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
 * is not started ({@link CommandPartitions}): the new owner reads it again from the last committed offset. A command
 * that arrived on another partition than its sync's is forwarded there ({@link CommandForwarder}) and acknowledged
 * here once the copy is on Kafka.
 */
@ApplicationScoped
class CommandConsumer {

    private final CommandProcessor processor;
    private final CommandLanes lanes;
    private final CommandPartitions ownership;
    private final CommandForwarder forwarder;

    CommandConsumer(
            CommandProcessor processor, CommandLanes lanes, CommandPartitions ownership, CommandForwarder forwarder) {
        this.processor = processor;
        this.lanes = lanes;
        this.ownership = ownership;
        this.forwarder = forwarder;
    }

    @Incoming(Channels.COMMANDS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<byte[], byte[]> metadata =
                message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        ConsumerRecord<byte[], byte[]> record = metadata.getRecord();
        int generation = metadata.getConsumerGroupGenerationId();
        // One lane per sync, whatever the case of its key; invalid keys are dead-lettered without an API call.
        String syncId = CommandParser.syncIdOrNull(record.key());
        String lane =
                syncId != null ? syncId : record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        return lanes.submit(lane, () -> {
            if (!ownership.owns(record.partition(), generation)) {
                // Neither acked nor nacked: the partition's owner reads it again and applies it.
                Log.debugf(
                        "Leaving %s-%d@%d to the partition's new owner",
                        record.topic(), record.partition(), record.offset());
                return CommandLanes.Progress.skipped();
            }
            OptionalInt home = forwarder.misplaced(record, syncId);
            // A forward is sent in the lane, so one sync's forwards leave in the order they came.
            CommandLanes.Progress progress = home.isPresent()
                    ? CommandLanes.Progress.answeredAtOnce(forwarder.forward(record, home.getAsInt()))
                    : processor.process(record);
            progress.finished().whenComplete((stored, failure) -> {
                if (failure == null) {
                    message.ack();
                    return;
                }
                Throwable failed = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                Throwable cause = home.isPresent()
                        ? new CommandFailedException("forward-failed: " + failed.getMessage())
                        : failed;
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
