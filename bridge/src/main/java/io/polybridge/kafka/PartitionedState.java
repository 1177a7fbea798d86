package io.polybridge.kafka;

import java.util.Set;

/**
 * State kept in a compacted topic whose partitions mirror the commands topic: the instance that owns commands partition
 * {@code p} owns the entries in partition {@code p} of this topic. {@link AssignmentRestorer} loads them on assignment.
 */
public interface PartitionedState {

    /** The compacted topic holding this state. */
    String topic();

    /** One record read back while restoring; {@code value} is null for a tombstone. */
    void restore(int partition, String key, String value);

    /**
     * The commands partitions this instance now owns, after their state was restored.
     *
     * @param partitionCount how many partitions the commands topic has, to place keys the way producers do
     */
    default void assigned(Set<Integer> partitions, int partitionCount) {}

    /** The commands partitions this instance no longer owns. */
    default void revoked(Set<Integer> partitions) {}
}
