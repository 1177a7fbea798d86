package io.polybridge.command;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;

/** What became of a command, as published on the results topic. */
@RegisterForReflection
public enum ResultOutcome {
    /** The API accepted it. */
    APPLIED,
    /** Its ID was applied before; nothing was sent. */
    DUPLICATE,
    /** The API refused it for good (400, 401, 403, 404); dead-lettered. */
    REJECTED,
    /** The API answered 409: for start, an execution is already running. */
    CONFLICT,
    /** The API stayed unavailable until the command's max age; dead-lettered. */
    EXPIRED,
    /** Not a valid command; dead-lettered, nothing sent. */
    INVALID;

    // Named once: serialization and metrics tags ask for it on every command.
    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wire;
    }

    /** Outcomes whose record also goes to the dead-letter topic. */
    public boolean deadLettered() {
        return this == REJECTED || this == EXPIRED || this == INVALID;
    }
}
