package io.polybridge.support;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * The default partitioner of librdkafka (Go, Python, Node.js and .NET clients, kcat), {@code consistent_random}: a
 * keyed record goes to CRC-32 of its key modulo the partition count, a record without a key to a random partition.
 * Java's default takes murmur2 of the key instead, so the same key lands elsewhere: a test producer with this
 * partitioner stands for a service written in another language.
 */
public class LibrdkafkaPartitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionsForTopic(topic).size();
        if (keyBytes == null) {
            return ThreadLocalRandom.current().nextInt(partitions);
        }
        return partitionFor(keyBytes, partitions);
    }

    /** librdkafka's {@code rd_crc32(key) % partition_cnt}, the CRC unsigned as in C. */
    public static int partitionFor(byte[] key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}
}
