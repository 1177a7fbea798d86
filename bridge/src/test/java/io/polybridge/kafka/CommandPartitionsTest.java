package io.polybridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandPartitionsTest {

    private final CommandPartitions partitions = new CommandPartitions();

    @Test
    void ownsOnlyAssignedPartitionsAndOnlyRecordsPolledSinceTheAssignment() {
        assertThat(partitions.owns(0, 5)).as("before any assignment").isFalse();
        partitions.assigned(Set.of(0, 1), Set.of(0, 1), 5, 3);
        assertThat(partitions.owns(0, 5)).isTrue();
        assertThat(partitions.owns(1, 6))
                .as("a later generation that kept the partition")
                .isTrue();
        assertThat(partitions.owns(2, 5)).as("not assigned").isFalse();

        // Eager rebalance: everything revoked, partition 0 assigned again under generation 7 (the consumer rewinds).
        partitions.revoked(Set.of(0, 1));
        assertThat(partitions.owns(0, 5)).isFalse();
        partitions.assigned(Set.of(0), Set.of(0), 7, 3);
        assertThat(partitions.owns(0, 5)).as("polled before the rewind").isFalse();
        assertThat(partitions.owns(0, 7)).isTrue();
        assertThat(partitions.owns(1, 7)).as("went to another instance").isFalse();
    }

    @Test
    void aPartitionLostWithoutARevocationIsDroppedAtTheNextAssignment() {
        partitions.assigned(Set.of(0, 1, 2), Set.of(0, 1, 2), 3, 3);
        // Kicked out of the group: no revocation reported; the rejoin hands back partition 2 only, kept (cooperative).
        partitions.assigned(Set.of(), Set.of(2), 4, 3);
        assertThat(partitions.owns(0, 3)).isFalse();
        assertThat(partitions.owns(1, 3)).isFalse();
        assertThat(partitions.owns(2, 3)).isTrue();
        assertThat(partitions.owns(2, 4)).isTrue();
    }

    @Test
    void nothingNewStartsOnceTheInstanceIsStopping() {
        partitions.assigned(Set.of(0), Set.of(0), 1, 3);
        partitions.stopping(null);
        assertThat(partitions.closing()).isTrue();
        assertThat(partitions.owns(0, 1)).isFalse();
    }

    @Test
    void recordsWithoutAGenerationAreJudgedByAssignmentAlone() {
        partitions.assigned(Set.of(0), Set.of(0), 9, 3);
        assertThat(partitions.owns(0, -1)).isTrue();
        assertThat(partitions.owns(1, -1)).isFalse();
    }
}
