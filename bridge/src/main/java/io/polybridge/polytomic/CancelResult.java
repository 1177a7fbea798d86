package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer to a cancel: the signal is queued; the execution reaches canceled later. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelResult(String message) {}
