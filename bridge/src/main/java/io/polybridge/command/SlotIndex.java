package io.polybridge.command;

import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/**
 * The dedup table's index: slot numbers by hash in one {@code int} array, linear probing, at most 2/3 full. Removal
 * moves later entries of a run back (no tombstones), so lookups never slow down as entries come and go.
 */
final class SlotIndex {

    /** Per position, the slot there plus one; 0 is an empty position. */
    private final int[] positions;

    /** An index for up to {@code slots} entries. */
    SlotIndex(int slots) {
        positions = new int[slots + slots / 2 + 1];
    }

    /** The slot where {@code matches} holds, among those with the hash, or -1. */
    int find(long hash, IntPredicate matches) {
        for (int position = home(hash); ; position = next(position)) {
            int slot = positions[position] - 1;
            if (slot < 0 || matches.test(slot)) {
                return slot;
            }
        }
    }

    /** Adds a slot that is not in the index yet. */
    void add(long hash, int slot) {
        int position = home(hash);
        while (positions[position] != 0) {
            position = next(position);
        }
        positions[position] = slot + 1;
    }

    /** Takes out a slot that is in the index; {@code hashes} gives any slot's hash. */
    void remove(long hash, int slot, IntToLongFunction hashes) {
        int gap = home(hash);
        while (positions[gap] != slot + 1) {
            gap = next(gap);
        }
        for (int probe = next(gap); positions[probe] != 0; probe = next(probe)) {
            int home = home(hashes.applyAsLong(positions[probe] - 1));
            // An entry may move back into the gap unless its home lies after the gap, up to where it is (cyclically).
            boolean stays = gap <= probe ? gap < home && home <= probe : gap < home || home <= probe;
            if (!stays) {
                positions[gap] = positions[probe];
                gap = probe;
            }
        }
        positions[gap] = 0;
    }

    /** The high 32 bits of the hash scaled to the array: any length will do. */
    private int home(long hash) {
        return (int) (((hash >>> 32) * positions.length) >>> 32);
    }

    private int next(int position) {
        return position + 1 == positions.length ? 0 : position + 1;
    }
}
