package io.polybridge.events;

import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs before a webhook delivery's body is read, so that one declared too large is refused from its headers
 * ({@link WebhookReceiver#refuseDeclaredTooLarge}). Bound by name to the receiver's endpoint only: the commands API
 * takes bodies of its own sizes.
 */
class DeclaredSizeFilter {

    /** Marks the endpoint this filter runs for. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface Bound {}

    private final WebhookReceiver receiver;

    DeclaredSizeFilter(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    @ServerRequestFilter
    @Bound
    Optional<RestResponse<WebhookReceiver.Answer>> refuseDeclaredTooLarge(HttpHeaders headers) {
        return receiver.refuseDeclaredTooLarge(headers.getHeaderString(HttpHeaders.CONTENT_LENGTH));
    }
}
