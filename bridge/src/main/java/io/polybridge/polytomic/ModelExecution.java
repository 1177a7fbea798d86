package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;

/** One model sync execution ({@code GetExecutionResponseSchema}). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelExecution(
        String id,
        ExecutionStatus status,
        String type,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("started_at") OffsetDateTime startedAt,
        @JsonProperty("completed_at") OffsetDateTime completedAt,
        List<String> errors,
        ExecutionCounts counts) {}
