package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The two kinds of Polytomic sync the bridge drives: model syncs (reverse ETL) and bulk syncs (ELT). */
public enum SyncKind {
    MODEL,
    BULK;

    // Named once: serialization, metrics tags and parsing ask for it on every command.
    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wire;
    }

    /** Parses {@code model} or {@code bulk}; anything else is empty, never a guess. */
    public static Optional<SyncKind> fromWire(String value) {
        for (SyncKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
