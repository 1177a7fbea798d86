package io.polybridge.polytomic;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of the activate endpoints ({@code ActivateSyncInput}). */
@RegisterForReflection
record ActivateRequest(boolean active) {}
