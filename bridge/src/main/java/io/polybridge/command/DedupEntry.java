package io.polybridge.command;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A command ID the bridge has finished with, and how; kept for the dedup window. */
@RegisterForReflection
public record DedupEntry(
        String syncId,
        String commandId,
        ResultOutcome outcome,
        Integer httpStatus,
        String executionId,
        Instant finishedAt) {

    String key() {
        return key(syncId, commandId);
    }

    /** IDs are deduplicated per sync: the same ID for two syncs is two commands. */
    static String key(String syncId, String commandId) {
        return syncId + "/" + commandId;
    }
}
