package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/me} ({@code GetIdentityResponseSchema}): who the configured credential is. {@code id} is absent for
 * callers that are not users (organization, partner and system keys).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Identity(
        String id,
        String email,
        @JsonProperty("organization_id") String organizationId,
        @JsonProperty("organization_name") String organizationName,
        @JsonProperty("is_user") boolean user,
        @JsonProperty("is_organization") boolean organization,
        @JsonProperty("is_partner") boolean partner,
        @JsonProperty("is_system") boolean system) {

    /** The kind of key, for health and logs. */
    public String callerKind() {
        if (user) {
            return "user";
        }
        if (organization) {
            return "organization";
        }
        if (partner) {
            return "partner";
        }
        return system ? "system" : "unknown";
    }
}
