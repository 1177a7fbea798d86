package io.polybridge.command;

import io.polybridge.polytomic.SyncKind;
import java.time.Instant;

/**
 * A validated command. {@code id} is the producer's ID, or one derived from the record's key and value when it sent
 * none; it is also the API call's Idempotency-Key. {@code attempt} counts redrives from the dead-letter topic: the API
 * replays a key's first answer for a day, so a redriven command needs a key of its own to be tried again.
 */
public record SyncCommand(
        String id,
        boolean derivedId,
        CommandAction action,
        SyncKind kind,
        String syncId,
        Instant requestedAt,
        CommandOptions options,
        int attempt) {

    /** Record header carrying the redrive count. */
    public static final String ATTEMPT_HEADER = "polybridge-attempt";

    /** Key for the API call of this command; {@code step} names a second call (deactivate + cancel). */
    public String idempotencyKey(String step) {
        String key = attempt == 0 ? id : id + "-r" + attempt;
        return step == null ? key : key + "-" + step;
    }

    public SyncCommand withAttempt(int redrives) {
        return new SyncCommand(id, derivedId, action, kind, syncId, requestedAt, options, redrives);
    }
}
