package io.polybridge.command;

/** A command the API refused for good, or that expired; its message is the dead-letter reason. */
public class CommandFailedException extends RuntimeException {

    public CommandFailedException(String reason) {
        super(reason, null, false, false);
    }
}
