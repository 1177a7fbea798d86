package io.polybridge.command;

/**
 * A record that is not a valid command. The message starts with a stable reason code (e.g. {@code invalid-json}),
 * which becomes the dead-letter reason.
 */
public class InvalidCommandException extends RuntimeException {

    private final String code;

    public InvalidCommandException(String code, String detail) {
        super(code + ": " + detail, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
