package io.polybridge.command;

import io.polybridge.polytomic.Ids;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One ID per slot of {@link DedupTable}, without a {@code String} object where it can do without: a UUID in canonical
 * text (lower case, as {@link UUID#toString()} writes it, so that two longs give back the very same text) as two longs,
 * other text as its Latin-1 bytes (a {@code String} only for text outside Latin-1). The ID is kept exactly, so that
 * equality is exact: a hash alone would let two IDs collide, and a command be dropped.
 */
final class IdColumn {

    private static final byte NONE = 0;
    private static final byte UUID_BITS = 1;
    private static final byte TEXT = 2;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final byte[] kinds;
    private final long[] high;
    private final long[] low;
    /** Per slot a {@code byte[]} or a {@code String}; made for the first ID that is not a UUID. */
    private Object[] texts;

    /**
     * An ID read once for one lookup or write: a canonical UUID's two longs, or its text. Probing compares every
     * candidate slot with it; read once, the ID's text is checked and parsed once, not once a slot.
     */
    record Key(String text, boolean uuid, long high, long low) {

        /** The key of {@code id} (not null). */
        static Key of(String id) {
            boolean uuid = Ids.isLowerCaseUuid(id);
            return new Key(id, uuid, uuid ? mostSignificantBits(id) : 0, uuid ? leastSignificantBits(id) : 0);
        }

        /**
         * A 64-bit hash of the ID, seeded per store so that IDs chosen to collide under one hash function do not
         * collide in every bridge.
         */
        long hash(long seed) {
            if (uuid) {
                return uuidHash(high, low, seed);
            }
            long h = seed ^ text.length();
            for (int i = 0; i < text.length(); i++) {
                h = (h ^ text.charAt(i)) * FNV_PRIME;
            }
            return mix(h);
        }
    }

    IdColumn(int capacity) {
        kinds = new byte[capacity];
        high = new long[capacity];
        low = new long[capacity];
    }

    /** Keeps {@code id} (null for none) in the slot. */
    void set(int slot, String id) {
        if (id == null) {
            clear(slot);
        } else {
            set(slot, Key.of(id));
        }
    }

    void set(int slot, Key id) {
        if (id.uuid()) {
            kinds[slot] = UUID_BITS;
            high[slot] = id.high();
            low[slot] = id.low();
            if (texts != null) {
                texts[slot] = null;
            }
        } else {
            kinds[slot] = TEXT;
            if (texts == null) {
                texts = new Object[kinds.length];
            }
            texts[slot] = latin1(id.text());
        }
    }

    void clear(int slot) {
        kinds[slot] = NONE;
        if (texts != null) {
            texts[slot] = null;
        }
    }

    boolean isSet(int slot) {
        return kinds[slot] != NONE;
    }

    /** The ID as it was given, or null. */
    String get(int slot) {
        switch (kinds[slot]) {
            case UUID_BITS:
                return new UUID(high[slot], low[slot]).toString();
            case TEXT:
                Object text = texts[slot];
                return text instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : (String) text;
            default:
                return null;
        }
    }

    /** Whether the slot holds exactly {@code id}. */
    boolean matches(int slot, Key id) {
        switch (kinds[slot]) {
            case UUID_BITS:
                return id.uuid() && high[slot] == id.high() && low[slot] == id.low();
            case TEXT:
                Object text = texts[slot];
                return text instanceof byte[] bytes
                        ? sameText(bytes, id.text())
                        : id.text().equals(text);
            default:
                return false;
        }
    }

    /** The hash of the slot's ID: the same as {@link Key#hash(long)} of the ID it was given. */
    long hash(int slot, long seed) {
        if (kinds[slot] == UUID_BITS) {
            return uuidHash(high[slot], low[slot], seed);
        }
        Object text = texts[slot];
        if (text instanceof byte[] bytes) {
            long h = seed ^ bytes.length;
            for (byte b : bytes) {
                h = (h ^ (b & 0xff)) * FNV_PRIME;
            }
            return mix(h);
        }
        return Key.of((String) text).hash(seed);
    }

    /** The same column with another capacity: {@code count} slots from {@code first} (wrapping), now from slot 0. */
    IdColumn resized(int first, int count, int capacity) {
        IdColumn to = new IdColumn(capacity);
        DedupTable.unroll(kinds, first, count, to.kinds);
        DedupTable.unroll(high, first, count, to.high);
        DedupTable.unroll(low, first, count, to.low);
        if (texts != null) {
            to.texts = new Object[capacity];
            DedupTable.unroll(texts, first, count, to.texts);
        }
        return to;
    }

    /** The UUID's most significant bits, as {@link UUID#getMostSignificantBits()}; canonical text only. */
    private static long mostSignificantBits(String id) {
        return hex(id, 0, 8) << 32 | hex(id, 9, 4) << 16 | hex(id, 14, 4);
    }

    private static long leastSignificantBits(String id) {
        return hex(id, 19, 4) << 48 | hex(id, 24, 12);
    }

    private static long hex(String id, int from, int length) {
        long value = 0;
        for (int i = from; i < from + length; i++) {
            value = value << 4 | Character.digit(id.charAt(i), 16);
        }
        return value;
    }

    private static long uuidHash(long high, long low, long seed) {
        return mix(mix(high ^ seed) ^ low);
    }

    /** Murmur3's finaliser: every input bit moves every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** The text's Latin-1 bytes (a String's own 24 bytes less), or the String if it has other characters. */
    private static Object latin1(String id) {
        byte[] bytes = new byte[id.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = id.charAt(i);
            if (c > 0xff) {
                return id;
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    private static boolean sameText(byte[] bytes, String id) {
        if (bytes.length != id.length()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & 0xff) != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
