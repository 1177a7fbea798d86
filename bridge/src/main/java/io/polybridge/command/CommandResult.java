package io.polybridge.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.polybridge.polytomic.SyncKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * One per command on the results topic, keyed by sync ID. Producers correlate by {@code commandId}; fields the command
 * did not have (an invalid record's action, say) are left out. {@code confirmedBy} is set when the API's answer left
 * it unknown whether the command took effect and the bridge read the sync's state to find out.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(
        String commandId,
        String syncId,
        SyncKind syncType,
        CommandAction action,
        ResultOutcome outcome,
        Integer httpStatus,
        String message,
        String executionId,
        Confirmation confirmedBy,
        Instant processedAt) {

    /** How an outcome was established when the API's answer to the call did not tell. */
    public enum Confirmation {
        /** The sync's state, read after the answer, shows the change. */
        STATE_READ;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return "state-read";
        }
    }
}
