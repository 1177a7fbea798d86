package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;

/** One bulk sync execution with its per-schema breakdown ({@code BulkSyncExecution}). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkExecution(
        String id,
        ExecutionStatus status,
        @JsonProperty("status_message") String statusMessage,
        String type,
        @JsonProperty("is_test") Boolean test,
        @JsonProperty("is_resync") Boolean resync,
        @JsonProperty("is_partial") Boolean partial,
        @JsonProperty("fetch_mode") String fetchMode,
        @JsonProperty("output_disposition") String outputDisposition,
        @JsonProperty("record_count") Long recordCount,
        @JsonProperty("error_count") Long errorCount,
        @JsonProperty("warning_count") Long warningCount,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("updated_at") OffsetDateTime updatedAt,
        @JsonProperty("started_at") OffsetDateTime startedAt,
        @JsonProperty("completed_at") OffsetDateTime completedAt,
        List<Schema> schemas) {

    /** Per-schema execution ({@code BulkSyncSchemaExecution}). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Schema(
            String schema,
            @JsonProperty("output_name") String outputName,
            ExecutionStatus status,
            @JsonProperty("status_message") String statusMessage,
            @JsonProperty("record_count") Long recordCount,
            @JsonProperty("error_count") Long errorCount,
            @JsonProperty("warning_count") Long warningCount,
            @JsonProperty("created_at") OffsetDateTime createdAt,
            @JsonProperty("updated_at") OffsetDateTime updatedAt,
            @JsonProperty("started_at") OffsetDateTime startedAt,
            @JsonProperty("completed_at") OffsetDateTime completedAt) {}
}
