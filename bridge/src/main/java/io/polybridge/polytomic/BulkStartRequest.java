package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Body of {@code POST /api/bulk/syncs/{id}/executions} ({@code StartBulkSyncRequest}); every field optional.
 * {@code resyncMode} is one of refetch, resync, rebuild; {@code fetchMode} one of none, incremental, full.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkStartRequest(
        @JsonProperty("resync_mode") String resyncMode,
        Boolean test,
        List<String> schemas,
        @JsonProperty("fetch_mode") String fetchMode) {

    public static BulkStartRequest defaults() {
        return new BulkStartRequest(null, null, null, null);
    }
}
