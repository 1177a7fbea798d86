package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
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

    @Test
    void everyFieldComesBackAsTheTopicCarriesIt() throws Exception {
        DedupStore dedup = store(1000);
        String uuid = UUID.randomUUID().toString();
        // Kept as two longs, as bytes, or as a string: each must give back the very same text.
        List<String> commandIds = List.of(
                uuid,
                uuid.toUpperCase(Locale.ROOT),
                "d-" + "0123456789abcdef0123456789abcdef01234567",
                "cmd_0001",
                "x".repeat(128),
                "caf\u00e9-latin1",
                "euro-\u20ac-not-latin1");
        List<String> executionIds = List.of(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString().toUpperCase(Locale.ROOT),
                "exec-42",
                "\u20ac");
        List<String> syncIds = List.of(
                UUID.randomUUID().toString(),
                "not-a-uuid-sync",
                UUID.randomUUID().toString());
        // Instants on the topic carry nanoseconds.
        Instant finishedAt = Instant.now().minusSeconds(60).with(ChronoField.NANO_OF_SECOND, 123_456_789);
        List<DedupEntry> written = new ArrayList<>();
        for (String commandId : commandIds) {
            for (int e = 0; e < executionIds.size(); e++) {
                String syncId = syncIds.get(e % syncIds.size()) + (e < syncIds.size() ? "" : "-" + e);
                written.add(new DedupEntry(
                        syncId,
                        commandId,
                        ResultOutcome.APPLIED,
                        200 + e,
                        executionIds.get(e),
                        finishedAt.plusNanos(written.size())));
            }
            written.add(new DedupEntry(
                    UUID.randomUUID().toString(), commandId, ResultOutcome.CONFLICT, null, null, finishedAt));
        }
        for (DedupEntry entry : written) {
            dedup.restore(0, entry.key(), json.writeValueAsString(entry));
        }
        for (DedupEntry entry : written) {
            DedupEntry onTopic = json.readValue(json.writeValueAsString(entry), DedupEntry.class);
            assertThat(dedup.find(entry.syncId(), entry.commandId()))
                    .as(entry.commandId())
                    .contains(onTopic)
                    .contains(entry);
        }
        assertThat(dedup.size()).isEqualTo(written.size());
    }

    @Test
    void aUuidInUpperCaseIsAnotherIdThanInLowerCase() throws Exception {
        DedupStore dedup = store(1000);
        String sync = UUID.randomUUID().toString();
        String lower = UUID.randomUUID().toString();
        String upper = lower.toUpperCase(Locale.ROOT);
        dedup.restore(0, sync + "/" + lower, entry(sync, lower));
        assertThat(dedup.find(sync, upper)).isEmpty();
        assertThat(dedup.find(sync.toUpperCase(Locale.ROOT), lower)).isEmpty();
        dedup.restore(0, sync + "/" + upper, entry(sync, upper));
        assertThat(dedup.find(sync, upper))
                .hasValueSatisfying(e -> assertThat(e.commandId()).isEqualTo(upper));
        assertThat(dedup.find(sync, lower))
                .hasValueSatisfying(e -> assertThat(e.commandId()).isEqualTo(lower));
        assertThat(dedup.size()).isEqualTo(2);
    }

    @Test
    void theSameCommandIdForTwoSyncsIsTwoEntries() throws Exception {
        DedupStore dedup = store(1000);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String commandId = UUID.randomUUID().toString();
        DedupEntry applied = new DedupEntry(first, commandId, ResultOutcome.APPLIED, 202, "exec-1", Instant.now());
        DedupEntry conflict = new DedupEntry(second, commandId, ResultOutcome.CONFLICT, 409, null, Instant.now());
        dedup.restore(0, applied.key(), json.writeValueAsString(applied));
        dedup.restore(0, conflict.key(), json.writeValueAsString(conflict));
        assertThat(dedup.find(first, commandId)).contains(applied);
        assertThat(dedup.find(second, commandId)).contains(conflict);
        assertThat(dedup.find(UUID.randomUUID().toString(), commandId)).isEmpty();
        assertThat(dedup.size()).isEqualTo(2);
    }

    @Test
    void skipsARecordWithoutAFieldItCannotDoWithout() throws Exception {
        DedupStore dedup = store(1000);
        String sync = UUID.randomUUID().toString();
        String finishedAt = json.writeValueAsString(Instant.now());
        dedup.restore(
                0,
                sync + "/no-time",
                "{\"syncId\":\"" + sync + "\",\"commandId\":\"no-time\",\"outcome\":\"applied\"}");
        dedup.restore(
                0,
                sync + "/no-outcome",
                "{\"syncId\":\"" + sync + "\",\"commandId\":\"no-outcome\",\"finishedAt\":" + finishedAt + "}");
        dedup.restore(
                0,
                sync + "/x",
                "{\"commandId\":\"no-sync\",\"outcome\":\"applied\",\"finishedAt\":" + finishedAt + "}");
        dedup.restore(0, sync + "/x", "not json");
        dedup.restore(0, sync + "/kept", entry(sync, "kept"));
        assertThat(dedup.size()).isEqualTo(1);
        assertThat(dedup.find(sync, "kept")).isPresent();
        assertThat(dedup.find(sync, "no-outcome")).isEmpty();
    }

    @Test
    void threadsRememberingAndFindingAtOnceLoseAndMixUpNothing() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        // Restoring takes the same path into memory as recording a finished command (which also writes to Kafka).
        DedupStore roomy = store(threads * perThread);
        Map<String, DedupEntry> expected = rememberAtOnce(roomy, threads, perThread, true);
        for (DedupEntry entry : expected.values()) {
            assertThat(roomy.find(entry.syncId(), entry.commandId())).contains(entry);
        }
        assertThat(roomy.size()).isEqualTo(threads * perThread);
        assertThat(roomy.forgottenEarly()).isZero();

        // A bound far below what is remembered: evictions run on every thread while others look entries up.
        DedupStore tight = store(500);
        Map<String, DedupEntry> all = rememberAtOnce(tight, threads, perThread, false);
        long found = 0;
        for (DedupEntry entry : all.values()) {
            Optional<DedupEntry> seen = tight.find(entry.syncId(), entry.commandId());
            if (seen.isPresent()) {
                assertThat(seen).contains(entry);
                found++;
            }
        }
        assertThat(found).isEqualTo(500);
        assertThat(tight.size()).isEqualTo(500);
        assertThat(tight.forgottenEarly()).isEqualTo(threads * perThread - 500);
    }

    /**
     * Each thread remembers entries of its own; after each it looks up that one and the latest of another thread. What
     * is found must be exactly what was remembered under those IDs; with {@code allKept}, everything must be found.
     */
    private Map<String, DedupEntry> rememberAtOnce(DedupStore dedup, int threads, int perThread, boolean allKept)
            throws Exception {
        Map<String, DedupEntry> expected = new ConcurrentHashMap<>();
        AtomicReferenceArray<DedupEntry> latest = new AtomicReferenceArray<>(threads);
        List<String> syncs = List.of(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String sync = syncs.get(i % syncs.size());
                        String commandId = i % 2 == 0 ? UUID.randomUUID().toString() : "t" + thread + "-cmd-" + i;
                        DedupEntry entry = new DedupEntry(
                                sync,
                                commandId,
                                ResultOutcome.APPLIED,
                                200 + thread,
                                i % 3 == 0 ? null : UUID.randomUUID().toString(),
                                Instant.now());
                        expected.put(entry.key(), entry);
                        dedup.restore(0, entry.key(), json.writeValueAsString(entry));
                        latest.set(thread, entry);
                        check(dedup, entry, allKept);
                        DedupEntry other = latest.get((thread + 1 + i % (threads - 1)) % threads);
                        if (other != null) {
                            check(dedup, other, allKept);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> thread : done) {
                thread.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected).hasSize(threads * perThread);
        return expected;
    }

    private static void check(DedupStore dedup, DedupEntry entry, boolean mustBeFound) {
        Optional<DedupEntry> found = dedup.find(entry.syncId(), entry.commandId());
        if (mustBeFound || found.isPresent()) {
            assertThat(found).contains(entry);
        }
    }
}
