package io.polybridge.polytomic;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of creating or updating the webhook ({@code CreateWebhooksSchema}, {@code UpdateWebhooksSchema}). */
@RegisterForReflection
public record WebhookRequest(String endpoint, String secret) {

    @Override
    public String toString() {
        return "WebhookRequest[endpoint=" + endpoint + "]";
    }
}
