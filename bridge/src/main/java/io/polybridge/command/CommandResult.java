package io.polybridge.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.polybridge.polytomic.SyncKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * One per command on the results topic, keyed by sync ID. Producers correlate by {@code commandId}; fields the command
 * did not have (an invalid record's action, say) are left out.
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
        Instant processedAt) {}
