package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

/** {@code GET /api/syncs/{id}/status}: the running execution, if any, and the last one. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSyncStatus(
        @JsonProperty("current_execution") ModelExecution currentExecution,
        @JsonProperty("last_execution") ModelExecution lastExecution,
        @JsonProperty("next_execution_time") OffsetDateTime nextExecutionTime) {}
