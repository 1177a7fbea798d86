package io.polybridge.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.polybridge.kafka.Channels;
import io.polybridge.kafka.CommandPartitions;
import io.polybridge.kafka.Partitioner;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Puts a command that arrived on another partition than its sync's onto its sync's partition. A sync's partition is
 * where Java's default partitioner (murmur2) puts its ID in lower case; it decides which instance applies the sync's
 * commands and polls it. librdkafka's clients (Go, Python, Node.js, .NET, kcat) hash keys with CRC-32 by default, so
 * without this one sync's commands from two services would be applied by two instances at once and out of order.
 *
 * <p>The copy keeps the record's key, value, headers and timestamp (so a derived command ID and the command's age are
 * the same), and adds {@value #FORWARDED_HEADER} with where it came from. Forwards go out in the order the records
 * came, through one idempotent producer, so a producer's commands for a sync keep their order. Records whose key is
 * not a sync ID, and tombstones, are not forwarded: they are dead-lettered where they are.
 */
@ApplicationScoped
class CommandForwarder {

    /** Header on a forwarded copy: the partition and offset of the record it copies. */
    static final String FORWARDED_HEADER = "polybridge-forwarded-from";

    private final MutinyEmitter<byte[]> commands;
    private final CommandPartitions partitions;
    private final MeterRegistry registry;
    private final ConcurrentMap<Integer, Counter> forwarded = new ConcurrentHashMap<>();
    private final Set<Integer> reported = ConcurrentHashMap.newKeySet();

    CommandForwarder(
            @Channel(Channels.COMMANDS_SUBMIT) MutinyEmitter<byte[]> commands,
            CommandPartitions partitions,
            MeterRegistry registry) {
        this.commands = commands;
        this.partitions = partitions;
        this.registry = registry;
    }

    /**
     * The partition the record belongs on when that is not where it arrived and it is to be forwarded there.
     *
     * @param syncId the record key as a sync ID ({@link CommandParser#syncIdOrNull}), null when it is not one
     */
    OptionalInt misplaced(ConsumerRecord<byte[], byte[]> record, String syncId) {
        int count = partitions.count();
        if (count == 0 || syncId == null || record.value() == null) {
            return OptionalInt.empty();
        }
        int home = Partitioner.partitionFor(syncId, count);
        if (home == record.partition()) {
            return OptionalInt.empty();
        }
        if (record.headers().lastHeader(FORWARDED_HEADER) != null) {
            // Forwarded once and still astray: the partition count changed in between. Applied here, not sent round.
            Log.warnf(
                    "Command %s-%d@%d was forwarded here but belongs on partition %d now: applying it here",
                    record.topic(), record.partition(), record.offset(), home);
            return OptionalInt.empty();
        }
        return OptionalInt.of(home);
    }

    /** Sends the copy now (in call order); the stage completes once the broker has it. */
    CompletionStage<Void> forward(ConsumerRecord<byte[], byte[]> record, int home) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(FORWARDED_HEADER, (record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(record.key())
                .withPartition(home)
                .withHeaders(headers)
                .withTimestamp(Instant.ofEpochMilli(record.timestamp()))
                .build();
        count(record, home);
        return commands.sendMessage(Message.of(record.value()).addMetadata(metadata))
                .subscribeAsCompletionStage();
    }

    /**
     * Counted per source partition, and logged once per source partition: a record does not say which producer sent
     * it, and every sync whose key hashes elsewhere would otherwise log a line of its own.
     */
    private void count(ConsumerRecord<byte[], byte[]> record, int home) {
        forwarded
                .computeIfAbsent(record.partition(), p -> Counter.builder("bridge.commands.forwarded")
                        .description("Commands that arrived on another partition than their sync's and were "
                                + "forwarded to it, by the partition they arrived on")
                        .tag("partition", String.valueOf(p))
                        .register(registry))
                .increment();
        if (reported.add(record.partition())) {
            Log.warnf(
                    "Commands arrive on partition %d of %s that belong on another (e.g. sync %s, offset %d, belongs on "
                            + "%d): forwarding them. Their producer does not partition keys as Java's default "
                            + "(murmur2) does, as librdkafka's default does not; set partitioner=murmur2_random there to "
                            + "save the extra hop. Counted in bridge_commands_forwarded_total; logged once per partition",
                    record.partition(),
                    record.topic(),
                    CommandParser.syncIdOrNull(record.key()),
                    record.offset(),
                    home);
        }
    }
}
