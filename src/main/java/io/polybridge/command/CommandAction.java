package io.polybridge.command;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** What a command asks of a sync. */
public enum CommandAction {
    ACTIVATE,
    DEACTIVATE,
    CANCEL,
    START;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
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
