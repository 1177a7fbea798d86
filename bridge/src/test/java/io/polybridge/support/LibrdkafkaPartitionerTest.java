package io.polybridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.kafka.Partitioner;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LibrdkafkaPartitionerTest {

    @Test
    void isCrc32OfTheKeyModuloThePartitionsAndDisagreesWithJavasDefault() {
        // The CRC-32 check value, 0xCBF43926 = 3421780262: librdkafka's rd_crc32 is this CRC.
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(LibrdkafkaPartitioner.partitionFor(check, 1000)).isEqualTo(262);
        assertThat(LibrdkafkaPartitioner.partitionFor(check, 7)).isEqualTo((int) (3421780262L % 7));

        long disagreeing = IntStream.range(0, 300)
                .mapToObj(i -> UUID.randomUUID().toString())
                .filter(id -> LibrdkafkaPartitioner.partitionFor(id.getBytes(StandardCharsets.UTF_8), 3)
                        != Partitioner.partitionFor(id, 3))
                .count();
        assertThat(disagreeing).as("of 300 sync IDs on 3 partitions").isBetween(150L, 250L);
    }
}
