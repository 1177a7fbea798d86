package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.polybridge.kafka.CommandPartitions;
import io.polybridge.kafka.Partitioner;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Which records go to their sync's partition: valid sync IDs elsewhere, once; everything else stays. */
class CommandForwarderTest {

    static final int PARTITIONS = 6;

    private final CommandForwarder forwarder = new CommandForwarder(
            null,
            new CommandPartitions() {
                @Override
                public int count() {
                    return PARTITIONS;
                }
            },
            new SimpleMeterRegistry());

    @Test
    void aCommandIsForwardedToWhereJavaPutsItsLowerCaseSyncId() {
        String sync = UUID.randomUUID().toString();
        int home = Partitioner.partitionFor(sync, PARTITIONS);
        assertThat(misplaced(record(sync, home, "{}"))).isEmpty();
        assertThat(misplaced(record(sync, (home + 1) % PARTITIONS, "{}"))).hasValue(home);
        // Upper case hashes elsewhere: one sync, one partition, whatever the case of its key.
        String upper = sync.toUpperCase(Locale.ROOT);
        int upperLands = Partitioner.partitionFor(upper, PARTITIONS);
        assertThat(misplaced(record(upper, upperLands, "{}")))
                .isEqualTo(upperLands == home ? OptionalInt.empty() : OptionalInt.of(home));
    }

    @Test
    void whatIsNotASyncsCommandStaysToBeDeadLetteredWhereItIs() {
        String sync = UUID.randomUUID().toString();
        int elsewhere = (Partitioner.partitionFor(sync, PARTITIONS) + 1) % PARTITIONS;
        assertThat(misplaced(record("not-a-sync", elsewhere, "{}"))).isEmpty();
        assertThat(misplaced(record(null, elsewhere, "{}"))).isEmpty();
        assertThat(misplaced(record(sync, elsewhere, null))).as("tombstone").isEmpty();
        ConsumerRecord<byte[], byte[]> copy = record(sync, elsewhere, "{}");
        copy.headers().add(CommandForwarder.FORWARDED_HEADER, "2@7".getBytes(StandardCharsets.UTF_8));
        assertThat(misplaced(copy)).as("never forwarded twice").isEmpty();
    }

    private OptionalInt misplaced(ConsumerRecord<byte[], byte[]> record) {
        return forwarder.misplaced(record, CommandParser.syncIdOrNull(record.key()));
    }

    static ConsumerRecord<byte[], byte[]> record(String key, int partition, String value) {
        return new ConsumerRecord<>(
                "commands",
                partition,
                42L,
                1L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(),
                Optional.empty());
    }
}
