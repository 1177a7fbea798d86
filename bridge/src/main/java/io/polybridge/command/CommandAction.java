package io.polybridge.command;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;
import java.util.Optional;

/** What a command asks of a sync. */
@RegisterForReflection
public enum CommandAction {
    ACTIVATE,
    DEACTIVATE,
    CANCEL,
    START,
    /** Not an API call: poll the sync now, and start tracking it if it is not tracked yet (its owner does). */
    RECONCILE;

    // Named once: serialization, metrics tags and parsing ask for it on every command.
    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wire;
    }

    public static Optional<CommandAction> fromWire(String value) {
        for (CommandAction action : values()) {
            if (action.wireName().equals(value)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
