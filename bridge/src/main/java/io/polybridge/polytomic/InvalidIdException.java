package io.polybridge.polytomic;

/** A sync or execution ID that is not a canonical UUID; raised before any URL is built. */
public class InvalidIdException extends IllegalArgumentException {

    public InvalidIdException(String what, String value) {
        super(what + " is not a UUID: " + Ids.printable(value));
    }
}
