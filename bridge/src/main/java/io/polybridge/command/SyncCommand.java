package io.polybridge.command;

import io.polybridge.polytomic.SyncKind;
import java.time.Instant;

/**
 * A validated command. {@code id} is the producer's ID, or one derived from the record's key and value when it sent
 * none; the API calls' Idempotency-Keys are derived from it. {@code attempt} counts redrives from the dead-letter topic:
 * the API replays a key's first answer for a day, so a redriven command needs keys of its own to be tried again.
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

    /**
     * The Idempotency-Key of one of this command's API calls: {@code <id>_<sync ID without dashes>_g<generation>r<redrive>}
     * and {@code -<step>} for a second call (deactivate + cancel). Derived, never drawn at random, so that a restarted
     * bridge sends the very keys its predecessor did and gets their outcomes replayed instead of applying them again.
     *
     * <p>The sync ID is in it because the API scopes keys to the organization while the bridge tells commands apart by
     * sync and ID: two syncs' commands with one ID are two requests. The parts after the ID hold no {@code _} and the
     * sync part has a fixed length, so a key is read back from its end and no two calls share one. At most 128 + 1 + 32
     * + 1 + 30 characters, within the API's 255.
     *
     * @param step null, or the name of a command's second call
     * @param generation 0 for the first key; one more each time the call is tried under a new key, after the API may
     *     have recorded a failure under the last one
     */
    public String idempotencyKey(String step, int generation) {
        String key = id + "_" + syncId.replace("-", "") + "_g" + generation + "r" + attempt;
        return step == null ? key : key + "-" + step;
    }

    /** The command ID an Idempotency-Key of {@link #idempotencyKey} was derived from. */
    public static String commandIdOf(String key) {
        int last = key.lastIndexOf('_');
        int syncPart = last < 0 ? -1 : key.lastIndexOf('_', last - 1);
        return syncPart < 0 ? key : key.substring(0, syncPart);
    }

    public SyncCommand withAttempt(int redrives) {
        return new SyncCommand(id, derivedId, action, kind, syncId, requestedAt, options, redrives);
    }
}
