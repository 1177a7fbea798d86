package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DedupStoreTest {

    private final ObjectMapper json =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private DedupStore store(int maxEntries) {
        // Restoring fills the cache without writing to Kafka, so no record writer is needed here.
        return new DedupStore(
                TestConfigs.bridge(Map.of("bridge.commands.dedup-max-entries", String.valueOf(maxEntries))),
                null,
                json,
                new SimpleMeterRegistry());
    }

    private String entry(String syncId, String commandId) throws Exception {
        return json.writeValueAsString(
                new DedupEntry(syncId, commandId, ResultOutcome.APPLIED, 200, null, Instant.now()));
    }

    @Test
    void remembersEveryIdUnderTheBound() throws Exception {
        DedupStore dedup = store(1000);
        String sync = UUID.randomUUID().toString();
        for (int i = 0; i < 500; i++) {
            dedup.restore(0, sync + "/cmd-" + i, entry(sync, "cmd-" + i));
        }
        assertThat(dedup.size()).isEqualTo(500);
        for (int i = 0; i < 500; i++) {
            assertThat(dedup.find(sync, "cmd-" + i)).as("cmd-" + i).isPresent();
        }
    }

    @Test
    void idsOfOneSyncShareOneCopyOfTheSyncId() throws Exception {
        // Each entry read back (or applied) arrives with a sync ID string of its own; kept per entry, those copies
        // were about a fifth of the dedup store's heap (docs/cost-and-footprint.md).
        DedupStore dedup = store(1000);
        String sync = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            dedup.restore(0, sync + "/cmd-" + i, entry(sync, "cmd-" + i));
        }
        DedupEntry first = dedup.find(sync, "cmd-0").orElseThrow();
        for (int i = 1; i < 3; i++) {
            DedupEntry other = dedup.find(sync, "cmd-" + i).orElseThrow();
            assertThat(other.syncId()).isEqualTo(sync).isSameAs(first.syncId());
            assertThat(other.commandId()).isEqualTo("cmd-" + i);
        }
    }

    @Test
    void pastTheBoundTheOldestIdsAreForgottenAndTheNewestKept() throws Exception {
        DedupStore dedup = store(100);
        String sync = UUID.randomUUID().toString();
        for (int i = 0; i < 5000; i++) {
            dedup.restore(0, sync + "/cmd-" + i, entry(sync, "cmd-" + i));
            // Each ID is looked up once before it is remembered, as the intake does.
            dedup.find(sync, "cmd-" + (i + 1));
        }
        assertThat(dedup.size()).isEqualTo(100);
        // The newest are the likeliest to be sent again: those are the ones kept.
        for (int i = 4900; i < 5000; i++) {
            assertThat(dedup.find(sync, "cmd-" + i)).as("cmd-" + i).isPresent();
        }
        assertThat(dedup.find(sync, "cmd-4899")).isEmpty();
        assertThat(dedup.forgottenEarly()).isEqualTo(4900);
    }

    @Test
    void aNewerEntryOfAnIdOutlivesItsOlderCopyInTheQueue() throws Exception {
        DedupStore dedup = store(3);
        String sync = UUID.randomUUID().toString();
        dedup.restore(0, sync + "/a", entry(sync, "a"));
        dedup.restore(0, sync + "/b", entry(sync, "b"));
        // "a" again, as a restore after the intake remembered it: the first copy leaving the queue must not take it.
        dedup.restore(0, sync + "/a", entry(sync, "a"));
        dedup.restore(0, sync + "/c", entry(sync, "c"));
        assertThat(dedup.find(sync, "a")).isPresent();
        assertThat(dedup.find(sync, "b")).isPresent();
        assertThat(dedup.find(sync, "c")).isPresent();
    }

    @Test
    void forgetsAnIdOnceItsWindowHasPassed() throws Exception {
        DedupStore dedup = store(100);
        String sync = UUID.randomUUID().toString();
        dedup.restore(
                0,
                sync + "/old",
                json.writeValueAsString(new DedupEntry(
                        sync,
                        "old",
                        ResultOutcome.APPLIED,
                        200,
                        null,
                        Instant.now().minusSeconds(25 * 3600))));
        assertThat(dedup.find(sync, "old")).isEmpty();
    }
}
