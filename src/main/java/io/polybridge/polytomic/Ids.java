package io.polybridge.polytomic;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks IDs before they go into a URL path: only canonical UUID text passes, so no path or header can be forged. */
public final class Ids {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_PRINTED = 80;

    private Ids() {}

    public static boolean isUuid(String value) {
        return value != null && UUID_TEXT.matcher(value).matches();
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
