package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Record counts of a model sync execution ({@code ExecutionCounts}). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionCounts(
        Long total, Long insert, Long update, Long upserts, Long delete, Long error, Long warnings) {}
