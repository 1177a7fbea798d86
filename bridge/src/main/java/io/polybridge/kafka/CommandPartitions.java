package io.polybridge.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which commands partitions this instance owns, and since which consumer group generation. A record polled before its
 * partition was revoked (or revoked and assigned again, which rewinds the consumer to the last committed offset) and
 * not started yet belongs to the partition's current owner, which reads it again: starting it here as well would only
 * race that owner on the same sync. The generation is the one the connector stamps on each record when it is polled.
 */
@ApplicationScoped
public class CommandPartitions {

    private final ConcurrentMap<Integer, Integer> assignedAt = new ConcurrentHashMap<>();
    private final Object changes = new Object();
    private volatile int count;
    private volatile boolean closing;
    private volatile long version;

    /** Whether a record polled from {@code partition} under {@code generation} may still be started here. */
    public boolean owns(int partition, int generation) {
        Integer since = assignedAt.get(partition);
        return !closing && since != null && (generation < 0 || generation >= since);
    }

    /** How many partitions the commands topic has, as of the last assignment; 0 before the first. */
    public int count() {
        return count;
    }

    /** The partitions owned now. */
    public Set<Integer> owned() {
        return closing ? Set.of() : Set.copyOf(assignedAt.keySet());
    }

    /** Changes with every assignment or revocation, so that followers can tell the ownership changed. */
    public long version() {
        return version;
    }

    /**
     * Waits until the ownership changes from {@code seen} (or {@code max} passes), for a follower thread that has
     * nothing to read until this instance owns a partition.
     */
    public void awaitChange(long seen, java.time.Duration max) throws InterruptedException {
        synchronized (changes) {
            if (version == seen) {
                changes.wait(Math.max(1, max.toMillis()));
            }
        }
    }

    private void changed() {
        synchronized (changes) {
            version++;
            changes.notifyAll();
        }
    }

    /** Whether the instance is shutting down: its partitions go to other instances, and nothing new starts. */
    public boolean closing() {
        return closing;
    }

    /**
     * @param added the partitions this rebalance gave the instance
     * @param owned every partition it owns now (a lost partition may never have been reported revoked)
     * @param partitionCount how many partitions the commands topic has
     */
    void assigned(Set<Integer> added, Set<Integer> owned, int generation, int partitionCount) {
        count = partitionCount;
        assignedAt.keySet().retainAll(owned);
        added.forEach(p -> assignedAt.put(p, generation));
        changed();
    }

    void revoked(Set<Integer> partitions) {
        partitions.forEach(assignedAt::remove);
        changed();
    }

    void stopping(@Observes ShutdownEvent event) {
        closing = true;
        changed();
    }
}
