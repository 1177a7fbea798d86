package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

/** Answer to a model sync start ({@code StartSyncResponseSchema}): the new execution. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartedExecution(
        String id, ExecutionStatus status, @JsonProperty("created_at") OffsetDateTime createdAt) {}
