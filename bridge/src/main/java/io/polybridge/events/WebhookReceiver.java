package io.polybridge.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.polybridge.config.BridgeConfig;
import io.polybridge.polytomic.PolytomicEvent;
import io.polybridge.status.StatusHint;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.config.Secret;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Receives the organization's webhook deliveries ({@code POST /webhooks/polytomic}). No bearer token: the signature
 * over the raw body is the authentication. A delivery is checked (size, signature, then JSON) before anything is read
 * from it, and answered 200 only once its hint is on Kafka for the sync's owner, so Polytomic retries what could not be
 * kept. Refusals: 404 no secret configured, 413 too large, 401 unsigned, 403 badly signed, 400 malformed; nothing is
 * published for any of them. The event's content is never published itself: the owner reads the sync's status.
 */
@Path(WebhookReceiver.PATH)
@PermitAll
public class WebhookReceiver {

    public static final String PATH = "/webhooks/polytomic";
    public static final String SIGNATURE_HEADER = "Polytomic-Signature";

    /** The answer to a delivery. */
    @RegisterForReflection
    public record Answer(String outcome, String detail) {}

    private final Optional<WebhookSignature> signature;
    private final long maxSize;
    private final HintPublisher hints;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    // Polytomic retries a delivery it got no 2xx for, and a storm may repeat one: one hint per event is enough.
    private final Cache<String, Boolean> accepted = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(30))
            .maximumSize(100_000)
            .build();

    WebhookReceiver(HintPublisher hints, ObjectMapper json, MeterRegistry meters, BridgeConfig config) {
        BridgeConfig.Webhook webhook = config.webhook();
        // A Secret can be present with no value (the setting is declared but empty): the receiver is off then too.
        this.signature = webhook.secret()
                .map(Secret::get)
                .filter(secret -> !secret.isBlank())
                .map(secret -> new WebhookSignature(secret, webhook.signatureAlgorithm(), webhook.signatureEncoding()));
        this.maxSize = webhook.maxSize().asLongValue();
        this.hints = hints;
        this.json = json;
        this.meters = meters;
    }

    /**
     * A delivery whose declared length is over the limit, refused before its body is read ({@link DeclaredSizeFilter}):
     * the receiver is open to anyone, and a body it will refuse is not worth waiting for or buffering. One without a
     * declared length (chunked) is read within Quarkus' own body limit and checked in {@link #deliver}.
     */
    Optional<RestResponse<Answer>> refuseDeclaredTooLarge(String declaredLength) {
        if (declaredLength == null || signature.isEmpty()) {
            return Optional.empty();
        }
        long length;
        try {
            length = Long.parseLong(declaredLength.strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (length <= maxSize) {
            return Optional.empty();
        }
        return Optional.of(
                response(413, "too-large", "declared body of " + length + " bytes, at most " + maxSize + " accepted"));
    }

    @POST
    @DeclaredSizeFilter.Bound
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Answer>> deliver(@HeaderParam(SIGNATURE_HEADER) String signed, byte[] body) {
        if (signature.isEmpty()) {
            return refuse(404, "not-configured", "this bridge has no webhook secret (bridge.webhook.secret)");
        }
        if (body == null || body.length == 0) {
            return refuse(400, "malformed", "empty body");
        }
        if (body.length > maxSize) {
            return refuse(413, "too-large", "body of " + body.length + " bytes, at most " + maxSize + " accepted");
        }
        if (signed == null || signed.isBlank()) {
            return refuse(401, "unsigned", "no " + SIGNATURE_HEADER + " header");
        }
        if (!signature.get().matches(body, signed)) {
            return refuse(403, "bad-signature", SIGNATURE_HEADER + " does not match the body");
        }
        PolytomicEvent event;
        try {
            event = json.readValue(body, PolytomicEvent.class);
        } catch (IOException e) {
            return refuse(400, "malformed", "not an event: " + e.getClass().getSimpleName());
        }
        if (event.id() == null || event.type() == null || event.createdAt() == null) {
            return refuse(400, "malformed", "an event needs id, type and created_at");
        }
        Optional<StatusHint> hint = EventsFeed.hintOf(event, StatusHint.FROM_WEBHOOK);
        if (hint.isEmpty()) {
            return answer(200, "ignored", "not an event of a sync's execution: " + event.type());
        }
        if (accepted.getIfPresent(event.id()) != null) {
            return answer(200, "duplicate", "event " + event.id() + " was accepted before");
        }
        return hints.toOwner(hint.get())
                .invoke(() -> accepted.put(event.id(), Boolean.TRUE))
                .chain(() -> answer(200, "accepted", "event " + event.id()))
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.warnf("A webhook delivery could not be put on Kafka (%s): Polytomic retries it", failure);
                    return refuse(503, "not-stored", "could not store the delivery; retry");
                });
    }

    private Uni<RestResponse<Answer>> refuse(int status, String outcome, String detail) {
        Log.debugf("Webhook delivery refused (%d %s): %s", status, outcome, detail);
        return answer(status, outcome, detail);
    }

    private Uni<RestResponse<Answer>> answer(int status, String outcome, String detail) {
        return Uni.createFrom().item(response(status, outcome, detail));
    }

    private RestResponse<Answer> response(int status, String outcome, String detail) {
        Counter.builder("bridge.webhook.deliveries")
                .description("Webhook deliveries received, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        return RestResponse.status(RestResponse.Status.fromStatusCode(status), new Answer(outcome, detail));
    }
}
