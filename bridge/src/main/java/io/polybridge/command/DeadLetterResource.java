package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.Channels;
import io.polybridge.kafka.KafkaClients;
import io.polybridge.kafka.Partitioner;
import io.polybridge.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Re-publishes dead-lettered commands to the commands topic, chosen by offset range or by command ID, with their
 * original key and value. Rejected and expired commands are not remembered by dedup, so a redriven one is applied.
 */
@Path("/dlq/redrive")
@RolesAllowed(Roles.OPERATOR)
public class DeadLetterResource {

    private static final Duration POLL = Duration.ofMillis(200);
    private final Map<String, Object> kafka;
    private final MutinyEmitter<byte[]> commands;
    private final CommandParser parser;
    private final String deadLetterTopic;
    private final String commandsTopic;

    DeadLetterResource(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @Channel(Channels.COMMANDS_SUBMIT) MutinyEmitter<byte[]> commands,
            CommandParser parser,
            BridgeConfig config) {
        this.kafka = kafka;
        this.commands = commands;
        this.parser = parser;
        this.deadLetterTopic = config.topics().deadLetter();
        this.commandsTopic = config.topics().commands();
    }

    /**
     * Which records to redrive: an offset range (inclusive, optionally of one partition) or a list of command IDs.
     * Command IDs are matched the way results report them, derived IDs included.
     */
    public record RedriveRequest(Integer partition, Long fromOffset, Long toOffset, List<String> commandIds) {}

    public record RedriveResult(int redriven, int scanned) {}

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-publish dead-lettered commands to the commands topic")
    public RedriveResult redrive(RedriveRequest request) {
        if (request == null
                || (request.commandIds() == null && request.fromOffset() == null && request.toOffset() == null)) {
            throw new WebApplicationException("give an offset range or commandIds", 400);
        }
        Set<String> ids = request.commandIds() == null ? null : Set.copyOf(request.commandIds());
        List<ConsumerRecord<byte[], byte[]>> chosen = new ArrayList<>();
        int scanned = 0;
        int commandPartitions;
        try (KafkaConsumer<byte[], byte[]> reader =
                KafkaClients.reader(kafka, ByteArrayDeserializer.class, ByteArrayDeserializer.class)) {
            commandPartitions = reader.partitionsFor(commandsTopic).size();
            List<TopicPartition> partitions = reader.partitionsFor(deadLetterTopic).stream()
                    .map(PartitionInfo::partition)
                    .filter(p -> request.partition() == null || request.partition() == p)
                    .map(p -> new TopicPartition(deadLetterTopic, p))
                    .toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            while (!end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                    scanned++;
                    if (matches(record, request, ids)) {
                        chosen.add(record);
                    }
                }
            }
        }
        Uni<Void> all = Uni.createFrom().voidItem();
        for (ConsumerRecord<byte[], byte[]> record : chosen) {
            // A fresh attempt number gives the redriven command fresh Idempotency-Keys (see SyncCommand).
            RecordHeaders headers = new RecordHeaders();
            headers.add(
                    SyncCommand.ATTEMPT_HEADER,
                    String.valueOf(CommandProcessor.attempt(record) + 1).getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<byte[]> metadata =
                    OutgoingKafkaRecordMetadata.<byte[]>builder()
                            .withKey(record.key())
                            .withHeaders(headers);
            // Straight to its sync's partition, whatever partitioner sent it first (see CommandForwarder).
            String syncId = CommandParser.syncIdOrNull(record.key());
            if (syncId != null) {
                metadata.withPartition(Partitioner.partitionFor(syncId, commandPartitions));
            }
            all = all.chain(
                    () -> commands.sendMessage(Message.of(record.value()).addMetadata(metadata.build())));
        }
        all.await().indefinitely();
        return new RedriveResult(chosen.size(), scanned);
    }

    private boolean matches(ConsumerRecord<byte[], byte[]> record, RedriveRequest request, Set<String> ids) {
        if (record.value() == null) {
            return false; // a tombstone is not a command, redriving it changes nothing
        }
        if (request.fromOffset() != null && record.offset() < request.fromOffset()) {
            return false;
        }
        if (request.toOffset() != null && record.offset() > request.toOffset()) {
            return false;
        }
        return ids == null || ids.contains(commandId(record));
    }

    private String commandId(ConsumerRecord<byte[], byte[]> record) {
        try {
            return parser.parse(record.key(), record.value(), java.time.Instant.now())
                    .id();
        } catch (InvalidCommandException invalid) {
            byte[] key = record.key() == null ? new byte[0] : record.key();
            return CommandParser.derivedId(key, record.value());
        }
    }
}
