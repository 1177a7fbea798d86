package io.polybridge.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

/** One schema of a bulk sync execution, as the status event carries it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaStatus(
        String schema,
        String executionId,
        String status,
        String statusMessage,
        Long recordCount,
        Long errorCount,
        Long warningCount,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt) {}
