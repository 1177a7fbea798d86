package io.polybridge.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.Channels;
import io.polybridge.polytomic.SyncKind;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Asks for a sync to be polled now, from any instance: a {@code reconcile} command on the commands topic, keyed by the
 * sync ID, reaches the instance that owns the sync's partition, which applies it in order with the sync's other
 * commands and answers it on the results topic like any command.
 */
@ApplicationScoped
public class ReconcileRequests {

    private final MutinyEmitter<byte[]> commands;
    private final ObjectMapper json;
    private final String topic;

    ReconcileRequests(
            @Channel(Channels.COMMANDS_SUBMIT) MutinyEmitter<byte[]> commands, ObjectMapper json, BridgeConfig config) {
        this.commands = commands;
        this.json = json;
        this.topic = config.topics().commands();
    }

    /** Completes once the command is on Kafka, with what a caller needs to follow it. */
    public Uni<CommandResource.Accepted> request(String syncId, SyncKind kind) {
        String id = "reconcile-" + UUID.randomUUID();
        Map<String, String> command = new LinkedHashMap<>();
        command.put("id", id);
        command.put("action", CommandAction.RECONCILE.wireName());
        command.put("syncType", kind.wireName());
        command.put("syncId", syncId);
        byte[] value;
        try {
            value = json.writeValueAsBytes(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serializable", e);
        }
        // Keyed by the lower-case sync ID, Kafka's default partitioner puts it on the sync's own partition.
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(syncId.getBytes(StandardCharsets.UTF_8))
                .build();
        return commands.sendMessage(Message.of(value).addMetadata(metadata))
                .replaceWith(new CommandResource.Accepted(id, syncId, topic));
    }
}
