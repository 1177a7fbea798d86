package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The part of a sync's definition the bridge reads ({@code SyncResponse} of {@code GET /api/syncs/{id}},
 * {@code BulkSyncResponse} of {@code GET /api/bulk/syncs/{id}}): whether it is active.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncDefinition(String id, String name, Boolean active) {}
