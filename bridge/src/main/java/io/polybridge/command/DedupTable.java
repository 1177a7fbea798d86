package io.polybridge.command;

import java.lang.reflect.Array;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dedup store's memory: entries in a ring of slots, oldest first, kept in parallel primitive arrays (no object per
 * entry), with an open-addressing index from sync and command ID to slot. About 75 bytes an entry where a cache entry
 * took about 380 (docs/cost-and-footprint.md). Not thread-safe: {@link DedupStore} holds one lock around it.
 *
 * <p>The ring behaves as the age queue did before it: every entry remembered takes the next slot; remembering an ID
 * again leaves its older slot empty (a hole) until the ring's head passes it, and an expired entry stays a hole too. At
 * most {@code maxEntries} slots are in use, holes included: when all are, the oldest slot is given up. Holes and
 * expired entries at the head are dropped first, which gives up nothing the queue would not have given up too.
 */
final class DedupTable {

    private static final int INITIAL_CAPACITY = 64;
    /** Beyond this the index would not fit an array; no heap holds that many entries anyway. */
    private static final int MAX_CAPACITY = 1 << 30;

    private static final int STATUS_PRESENT = 0x10;
    private static final int OUTCOME_BITS = 0x0f;
    private static final ResultOutcome[] OUTCOMES = ResultOutcome.values();

    private final int maxEntries;
    private final long seed = ThreadLocalRandom.current().nextLong();

    private int capacity;
    /** The oldest slot in use. */
    private int head;
    /** Slots in use from the head, holes included. */
    private int used;
    /** Entries that can be found (expired ones among them until looked at). */
    private int live;

    private IdColumn syncIds;
    private IdColumn commandIds;
    private IdColumn executionIds;
    private long[] seconds;
    private int[] nanos;
    private int[] statuses;
    /** Outcome ordinal + 1 (0: none) in the low bits, and whether the entry has an HTTP status. */
    private byte[] meta;

    private SlotIndex index;

    DedupTable(long maxEntries) {
        this.maxEntries = (int) Math.max(0, Math.min(maxEntries, MAX_CAPACITY));
        allocate(Math.min(this.maxEntries, INITIAL_CAPACITY));
    }

    /** The entry remembered for the IDs, unless it finished at or before {@code cutoff}; an expired one is dropped. */
    DedupEntry find(String syncId, String commandId, Instant cutoff) {
        IdColumn.Key sync = IdColumn.Key.of(syncId);
        IdColumn.Key command = IdColumn.Key.of(commandId);
        long hash = hash(sync, command);
        int slot = find(hash, sync, command);
        if (slot < 0) {
            return null;
        }
        if (expired(slot, cutoff)) {
            forget(slot, hash);
            return null;
        }
        // The slot's IDs equal the ones asked for: the caller's strings are returned rather than new copies.
        return new DedupEntry(
                syncId,
                commandId,
                outcome(slot),
                (meta[slot] & STATUS_PRESENT) == 0 ? null : statuses[slot],
                executionIds.get(slot),
                Instant.ofEpochSecond(seconds[slot], nanos[slot]));
    }

    /**
     * Remembers the entry as the newest, replacing an older one of the same IDs.
     *
     * @return whether an entry still inside its window was forgotten to make room
     */
    boolean put(DedupEntry entry, Instant cutoff) {
        Objects.requireNonNull(entry.syncId(), "syncId");
        Objects.requireNonNull(entry.commandId(), "commandId");
        Objects.requireNonNull(entry.finishedAt(), "finishedAt");
        IdColumn.Key sync = IdColumn.Key.of(entry.syncId());
        IdColumn.Key command = IdColumn.Key.of(entry.commandId());
        long hash = hash(sync, command);
        int existing = find(hash, sync, command);
        if (existing >= 0) {
            forget(existing, hash);
        }
        if (maxEntries == 0) {
            return !expired(entry.finishedAt(), cutoff);
        }
        boolean forgotten = makeRoom(cutoff);
        int slot = wrap(head + used);
        used++;
        write(slot, sync, command, entry);
        index.add(hash, slot);
        live++;
        return forgotten;
    }

    /** Entries that can be found now; drops the expired ones. Looks at every slot: for tests. */
    int size(Instant cutoff) {
        for (int i = 0; i < used; i++) {
            int slot = wrap(head + i);
            if (syncIds.isSet(slot) && expired(slot, cutoff)) {
                forget(slot, slotHash(slot));
            }
        }
        return live;
    }

    void clear() {
        allocate(Math.min(maxEntries, INITIAL_CAPACITY));
    }

    /** Copies {@code count} elements of a ring array from {@code first} on (wrapping) to the start of another. */
    static void unroll(Object from, int first, int count, Object to) {
        int length = Array.getLength(from);
        int tail = Math.min(count, length - first);
        System.arraycopy(from, first, to, 0, tail);
        System.arraycopy(from, 0, to, tail, count - tail);
    }

    /** Frees a slot: gives up the oldest, or makes the ring larger while it is under the bound. */
    private boolean makeRoom(Instant cutoff) {
        while (used > 0 && isStale(head, cutoff)) {
            if (syncIds.isSet(head)) {
                forget(head, slotHash(head));
            }
            dropHead();
        }
        if (used < capacity) {
            return false;
        }
        if (capacity < maxEntries) {
            grow();
            return false;
        }
        // The head is live and inside its window: the stale ones went above.
        forget(head, slotHash(head));
        dropHead();
        return true;
    }

    private boolean isStale(int slot, Instant cutoff) {
        return !syncIds.isSet(slot) || expired(slot, cutoff);
    }

    private void dropHead() {
        head = next(head, capacity);
        used--;
    }

    private void write(int slot, IdColumn.Key sync, IdColumn.Key command, DedupEntry entry) {
        syncIds.set(slot, sync);
        commandIds.set(slot, command);
        executionIds.set(slot, entry.executionId());
        seconds[slot] = entry.finishedAt().getEpochSecond();
        nanos[slot] = entry.finishedAt().getNano();
        int outcome = entry.outcome() == null ? 0 : entry.outcome().ordinal() + 1;
        Integer status = entry.httpStatus();
        statuses[slot] = status == null ? 0 : status;
        meta[slot] = (byte) (status == null ? outcome : outcome | STATUS_PRESENT);
    }

    /** Takes the slot's entry out of the index and makes the slot a hole. */
    private void forget(int slot, long hash) {
        index.remove(hash, slot, this::slotHash);
        syncIds.clear(slot);
        commandIds.clear(slot);
        executionIds.clear(slot);
        live--;
    }

    private ResultOutcome outcome(int slot) {
        int outcome = meta[slot] & OUTCOME_BITS;
        return outcome == 0 ? null : OUTCOMES[outcome - 1];
    }

    private boolean expired(int slot, Instant cutoff) {
        long s = seconds[slot];
        return s < cutoff.getEpochSecond() || (s == cutoff.getEpochSecond() && nanos[slot] <= cutoff.getNano());
    }

    private static boolean expired(Instant finishedAt, Instant cutoff) {
        return !finishedAt.isAfter(cutoff);
    }

    private void grow() {
        int larger = (int) Math.min(maxEntries, Math.max(INITIAL_CAPACITY, 2L * capacity));
        syncIds = syncIds.resized(head, used, larger);
        commandIds = commandIds.resized(head, used, larger);
        executionIds = executionIds.resized(head, used, larger);
        seconds = resized(seconds, new long[larger]);
        nanos = resized(nanos, new int[larger]);
        statuses = resized(statuses, new int[larger]);
        meta = resized(meta, new byte[larger]);
        capacity = larger;
        head = 0;
        index = new SlotIndex(larger);
        for (int slot = 0; slot < used; slot++) {
            if (syncIds.isSet(slot)) {
                index.add(slotHash(slot), slot);
            }
        }
    }

    private <T> T resized(Object from, T to) {
        unroll(from, head, used, to);
        return to;
    }

    private void allocate(int slots) {
        capacity = slots;
        head = 0;
        used = 0;
        live = 0;
        syncIds = new IdColumn(slots);
        commandIds = new IdColumn(slots);
        executionIds = new IdColumn(slots);
        seconds = new long[slots];
        nanos = new int[slots];
        statuses = new int[slots];
        meta = new byte[slots];
        index = new SlotIndex(slots);
    }

    /** The slot holding both IDs, or -1. */
    private int find(long hash, IdColumn.Key sync, IdColumn.Key command) {
        return index.find(hash, s -> commandIds.matches(s, command) && syncIds.matches(s, sync));
    }

    private long hash(IdColumn.Key sync, IdColumn.Key command) {
        return combine(sync.hash(seed), command.hash(seed));
    }

    private long slotHash(int slot) {
        return combine(syncIds.hash(slot, seed), commandIds.hash(slot, seed));
    }

    private static long combine(long syncHash, long commandHash) {
        return syncHash * 0x9e3779b97f4a7c15L + commandHash;
    }

    private static int next(int slot, int length) {
        return slot + 1 == length ? 0 : slot + 1;
    }

    private int wrap(int slot) {
        return slot >= capacity ? slot - capacity : slot;
    }
}
