package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer to activate/deactivate ({@code ActivateSyncOutput}). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActivationResult(String id, Boolean active) {}
