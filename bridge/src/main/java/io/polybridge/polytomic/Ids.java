package io.polybridge.polytomic;

import java.util.Locale;

/** Checks IDs before they go into a URL path: only canonical UUID text passes, so no path or header can be forged. */
public final class Ids {

    private static final int UUID_LENGTH = 36;
    private static final int MAX_PRINTED = 80;

    private Ids() {}

    /**
     * Canonical UUID text: 8-4-4-4-12 hex digits, either case. Checked character by character rather than with a regex:
     * every command and API call asks, several times.
     */
    public static boolean isUuid(String value) {
        return isUuid(value, true);
    }

    /** UUID text exactly as {@link java.util.UUID#toString()} writes it: lower-case hex digits only. */
    public static boolean isLowerCaseUuid(String value) {
        return isUuid(value, false);
    }

    private static boolean isUuid(String value, boolean upperCaseToo) {
        if (value == null || value.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = value.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : isHex(c, upperCaseToo);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c, boolean upperCaseToo) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (upperCaseToo && c >= 'A' && c <= 'F');
    }

    /** Returns the ID in lower case, or throws {@link InvalidIdException}. */
    public static String require(String what, String value) {
        if (!isUuid(value)) {
            throw new InvalidIdException(what, value);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** A log-safe rendering of untrusted input: control characters escaped, length bounded. */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < MAX_PRINTED; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return "'" + out + (value.length() > MAX_PRINTED ? "…'" : "'");
    }
}
