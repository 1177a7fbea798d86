package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

/** {@code GET /api/bulk/syncs/{id}/status} ({@code BulkSyncStatusResponse}). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkSyncStatus(
        @JsonProperty("current_execution") BulkExecution currentExecution,
        @JsonProperty("last_execution") BulkExecution lastExecution,
        @JsonProperty("next_execution_time") OffsetDateTime nextExecutionTime) {}
