package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Body of {@code POST /api/syncs/{id}/executions} ({@code StartSyncRequest}); every field optional. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelStartRequest(List<String> identities, Boolean resync, Boolean test) {

    public static ModelStartRequest defaults() {
        return new ModelStartRequest(null, null, null);
    }
}
