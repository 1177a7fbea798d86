package io.polybridge.command;

import io.polybridge.polytomic.SyncKind;
import java.time.Instant;

/**
 * A validated command. {@code id} is the producer's ID, or one derived from the record's key and value when it sent
 * none; it is also the API call's Idempotency-Key.
 */
public record SyncCommand(
        String id,
        boolean derivedId,
        CommandAction action,
        SyncKind kind,
        String syncId,
        Instant requestedAt,
        CommandOptions options) {

    /** Key for a second API call the same command makes (deactivate + cancel), distinct from the first. */
    public String idempotencyKey(String step) {
        return step == null ? id : id + "-" + step;
    }
}
