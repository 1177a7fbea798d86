package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

/**
 * One event of the organization ({@code Event}): from {@code GET /api/events} or a webhook delivery. Only what tells
 * which sync and execution it is about is read; the payload's other fields differ by type and are not needed, since the
 * bridge reads the sync's status from the API rather than trusting an event's content.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolytomicEvent(
        String id,
        @JsonProperty("organization_id") String organizationId,
        String type,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        Payload event) {

    /** The part of {@code EventPayload} every sync event type has. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payload(@JsonProperty("sync_id") String syncId, @JsonProperty("execution_id") String executionId) {}

    public String syncId() {
        return event == null ? null : event.syncId();
    }

    public String executionId() {
        return event == null ? null : event.executionId();
    }
}
