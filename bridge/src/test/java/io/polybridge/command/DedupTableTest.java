package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The table against a model of the cache and age queue it replaced, through many evictions, expiries and repeats. */
class DedupTableTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * What the store did before, written plainly: a map by IDs, and every remembered entry in a queue; past the bound
     * the oldest queued entry leaves, taking its IDs out of the map if the map still holds that very entry.
     */
    private static final class Model {
        private final int maxEntries;
        private final Map<List<String>, DedupEntry> byIds = new HashMap<>();
        private final ArrayDeque<DedupEntry> byAge = new ArrayDeque<>();

        Model(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        boolean put(DedupEntry entry, Instant cutoff) {
            byIds.put(ids(entry), entry);
            byAge.add(entry);
            if (byAge.size() <= maxEntries) {
                return false;
            }
            DedupEntry oldest = byAge.poll();
            if (byIds.get(ids(oldest)) != oldest) {
                return false;
            }
            byIds.remove(ids(oldest));
            return oldest.finishedAt().isAfter(cutoff);
        }

        DedupEntry find(List<String> ids, Instant cutoff) {
            DedupEntry entry = byIds.get(ids);
            return entry != null && entry.finishedAt().isAfter(cutoff) ? entry : null;
        }

        long size(Instant cutoff) {
            return byIds.values().stream()
                    .filter(e -> e.finishedAt().isAfter(cutoff))
                    .count();
        }

        static List<String> ids(DedupEntry entry) {
            return List.of(entry.syncId(), entry.commandId());
        }
    }

    @Test
    void agreesWithTheCacheAndQueueItReplacedThroughManyEvictions() {
        for (int maxEntries : new int[] {1, 7, 64, 300, 1000}) {
            agreesWithTheModel(maxEntries, new Random(maxEntries));
        }
    }

    private void agreesWithTheModel(int maxEntries, Random random) {
        DedupTable table = new DedupTable(maxEntries);
        Model model = new Model(maxEntries);
        List<String> syncs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            syncs.add(uuid(random));
        }
        // Not what the parser lets through, but what a record on the topic could hold.
        syncs.add("not-a-uuid-sync");
        syncs.add(syncs.get(0).toUpperCase(Locale.ROOT));
        List<List<String>> seen = new ArrayList<>();
        Instant cutoff = START.minus(Duration.ofHours(24));
        int forgotten = 0;
        // Fill to the bound several times over, whatever the bound.
        int operations = Math.max(20_000, maxEntries * 20);
        for (int op = 0; op < operations; op++) {
            int kind = random.nextInt(100);
            if (kind < 55 || seen.isEmpty()) {
                DedupEntry entry = entry(random, syncs.get(random.nextInt(syncs.size())), commandId(random), cutoff);
                seen.add(Model.ids(entry));
                forgotten += putInBoth(table, model, entry, cutoff, op);
            } else if (kind < 65) {
                List<String> ids = seen.get(random.nextInt(seen.size()));
                DedupEntry again = entry(random, ids.get(0), ids.get(1), cutoff);
                forgotten += putInBoth(table, model, again, cutoff, op);
            } else if (kind < 97) {
                List<String> ids = seen.get(random.nextInt(seen.size()));
                assertThat(table.find(ids.get(0), ids.get(1), cutoff))
                        .as("%s at %d", ids, op)
                        .isEqualTo(model.find(ids, cutoff));
            } else {
                cutoff = cutoff.plusMillis(random.nextInt(60_000));
            }
            if (op % 2_000 == 0) {
                checkAll(table, model, seen, cutoff);
            }
        }
        checkAll(table, model, seen, cutoff);
        if (maxEntries < 300) {
            assertThat(forgotten)
                    .as("entries forgotten early, bound %d", maxEntries)
                    .isPositive();
        }
    }

    /** Puts the entry in the table and the model; they must agree on whether one was forgotten early (1 if so). */
    private static int putInBoth(DedupTable table, Model model, DedupEntry entry, Instant cutoff, int op) {
        boolean early = model.put(entry, cutoff);
        assertThat(table.put(entry, cutoff)).as("forgotten early at %d", op).isEqualTo(early);
        return early ? 1 : 0;
    }

    private static void checkAll(DedupTable table, Model model, List<List<String>> seen, Instant cutoff) {
        for (List<String> ids : seen) {
            assertThat(table.find(ids.get(0), ids.get(1), cutoff))
                    .as(ids.toString())
                    .isEqualTo(model.find(ids, cutoff));
        }
        assertThat((long) table.size(cutoff)).isEqualTo(model.size(cutoff));
    }

    @Test
    void aFullTableOfOneSyncKeepsTheNewestAndFindsEveryOne() {
        DedupTable table = new DedupTable(5_000);
        String sync = UUID.randomUUID().toString();
        Instant cutoff = START.minus(Duration.ofHours(24));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23_000; i++) {
            String id = i % 2 == 0
                    ? UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)})
                            .toString()
                    : "cmd-" + i;
            ids.add(id);
            table.put(new DedupEntry(sync, id, ResultOutcome.APPLIED, 200, null, START), cutoff);
        }
        for (int i = 0; i < 18_000; i++) {
            assertThat(table.find(sync, ids.get(i), cutoff)).as(ids.get(i)).isNull();
        }
        for (int i = 18_000; i < ids.size(); i++) {
            assertThat(table.find(sync, ids.get(i), cutoff)).as(ids.get(i)).isNotNull();
        }
        assertThat(table.size(cutoff)).isEqualTo(5_000);
    }

    @Test
    void aBoundOfZeroRemembersNothingAndCountsEachAsForgotten() {
        DedupTable table = new DedupTable(0);
        Instant cutoff = START.minus(Duration.ofHours(24));
        DedupEntry entry = new DedupEntry("s", "command-1", ResultOutcome.APPLIED, 200, null, START);
        assertThat(table.put(entry, cutoff)).isTrue();
        assertThat(table.find("s", "command-1", cutoff)).isNull();
        assertThat(table.size(cutoff)).isZero();
    }

    private static DedupEntry entry(Random random, String syncId, String commandId, Instant cutoff) {
        ResultOutcome outcome = random.nextBoolean() ? ResultOutcome.APPLIED : ResultOutcome.CONFLICT;
        Integer status = random.nextInt(4) == 0 ? null : 200 + random.nextInt(300);
        String execution =
                random.nextInt(3) == 0 ? null : random.nextBoolean() ? uuid(random) : "exec-" + random.nextInt(1000);
        // Some already near their end, so that advancing the cutoff expires them out of order.
        Instant finishedAt = cutoff.plusSeconds(random.nextInt(7_200)).plusNanos(random.nextInt(1_000_000_000));
        return new DedupEntry(syncId, commandId, outcome, status, execution, finishedAt);
    }

    private static String commandId(Random random) {
        switch (random.nextInt(5)) {
            case 0:
                return uuid(random).toUpperCase(Locale.ROOT);
            case 1:
                return "d-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            case 2:
                return "cmd-" + random.nextInt(100_000);
            default:
                return uuid(random);
        }
    }

    private static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
