package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One sync of {@code GET /api/bulk/syncs/status} ({@code BulkSyncExecutionStatus}): the sync's status and, per schema,
 * its most recent execution. Note the camelCase {@code nextExecutionTime}, as the definition has it.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkStatusSummary(
        @JsonProperty("sync_id") String syncId,
        ExecutionStatus status,
        @JsonProperty("nextExecutionTime") OffsetDateTime nextExecutionTime,
        List<Schema> schemas) {

    /** {@code BulkSyncSchemaExecutionStatus}. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Schema(
            String schema,
            @JsonProperty("execution_id") String executionId,
            ExecutionStatus status,
            @JsonProperty("status_message") String statusMessage,
            @JsonProperty("record_count") Long recordCount,
            @JsonProperty("error_count") Long errorCount,
            @JsonProperty("warning_count") Long warningCount,
            @JsonProperty("started_at") OffsetDateTime startedAt,
            @JsonProperty("completed_at") OffsetDateTime completedAt) {}
}
