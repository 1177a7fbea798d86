package io.polybridge.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An ownership epoch per commands partition, moved on by every revocation. A command read under one epoch and not yet
 * started when the epoch moves on belongs to whichever instance owns the partition now: that owner reads it again from
 * the last committed offset, so starting it here as well would only race the new owner on the same sync.
 */
@ApplicationScoped
public class CommandPartitions {

    private final ConcurrentMap<Integer, Long> epochs = new ConcurrentHashMap<>();

    /** The partition's current epoch; read when a record is taken in. */
    public long epoch(int partition) {
        return epochs.getOrDefault(partition, 0L);
    }

    /** Whether the partition has not been revoked since {@code epoch} was read. */
    public boolean stillOwned(int partition, long epoch) {
        return epoch(partition) == epoch;
    }

    void revoked(Set<Integer> partitions) {
        partitions.forEach(p -> epochs.merge(p, 1L, Long::sum));
    }
}
