package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The organization's webhook ({@code Webhook}). The API returns its secret; it is compared, never logged: this record's
 * {@code toString} leaves it out.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Webhook(
        String id,
        @JsonProperty("organization_id") String organizationId,
        String endpoint,
        String secret,
        Boolean disabled) {

    public boolean isDisabled() {
        return Boolean.TRUE.equals(disabled);
    }

    @Override
    public String toString() {
        return "Webhook[id=" + id + ", endpoint=" + endpoint + ", disabled=" + disabled + "]";
    }
}
