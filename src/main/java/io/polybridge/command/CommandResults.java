package io.polybridge.command;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes command results, keyed by sync ID so a sync's results keep their order. */
@ApplicationScoped
public class CommandResults {

    private final MutinyEmitter<CommandResult> topic;

    CommandResults(@Channel(Channels.COMMAND_RESULTS) MutinyEmitter<CommandResult> topic) {
        this.topic = topic;
    }

    /** Completes once the broker has the result. */
    public Uni<Void> publish(CommandResult result) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(result.syncId())
                .build();
        return topic.sendMessage(Message.of(result).addMetadata(metadata));
    }
}
