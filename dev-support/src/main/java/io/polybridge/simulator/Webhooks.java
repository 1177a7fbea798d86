package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The organization's one webhook ({@code /api/webhooks}) and its deliveries: every event is POSTed to the endpoint,
 * signed in {@code Polytomic-Signature} with an HMAC of the body keyed by the webhook's secret, and retried up to 5
 * times with exponential backoff when the answer is not 2xx; nothing is redelivered after that, and deliveries are not
 * ordered (the events guide). While the webhook is disabled events are dropped, not queued.
 *
 * <p>Faults for the tests: deliveries dropped, duplicated, delayed, reordered, or signed with the wrong key, and storms
 * of copies. {@link #deliveries()} lists every attempt.
 */
public final class Webhooks {

    private static final Logger LOG = Logger.getLogger(Webhooks.class);

    /** Retries after the first attempt (the events guide: "retried up to 5 times"). */
    static final int RETRIES = 5;

    /** One delivery attempt: {@code status} 0 when none came back, or when the delivery was dropped on purpose. */
    public record Delivery(
            String eventId,
            String type,
            String syncId,
            int attempt,
            int status,
            boolean signedWithSecret,
            String outcome,
            Instant at) {}

    private record Registered(String id, String endpoint, String secret, boolean disabled, Instant createdAt) {}

    private final Vertx vertx;
    private final HttpClient http;
    private final Clock clock;
    private final Readings readings;
    private final String organizationId;
    private final List<Delivery> deliveries = new ArrayList<>();
    private volatile Registered webhook;
    private volatile Random random = new Random(7);
    private volatile double dropRate;
    private volatile double duplicateRate;
    private volatile double badSignatureRate;
    private volatile Duration delayMin = Duration.ZERO;
    private volatile Duration delayMax = Duration.ZERO;
    private volatile int copies = 1;
    private volatile Duration retryBase = Duration.ofSeconds(1);

    Webhooks(Vertx vertx, Clock clock, Readings readings, String organizationId) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient();
        this.clock = clock;
        this.readings = readings;
        this.organizationId = organizationId;
    }

    // The API: GET/POST /api/webhooks, GET/PUT/DELETE /api/webhooks/{id}, POST /api/webhooks/{id}/enable|disable.

    SimResponse list() {
        ArrayNode data = Payloads.JSON.createArrayNode();
        Registered current = webhook;
        if (current != null) {
            data.add(render(current));
        }
        return SimResponse.ok(data);
    }

    /** An organization has one webhook: creating a second is refused (422), as the docs allow only one. */
    synchronized SimResponse create(JsonNode body) {
        SimResponse invalid = invalid(body);
        if (invalid != null) {
            return invalid;
        }
        if (webhook != null) {
            return SimResponse.error(422, "webhook_exists", "the organization already has a webhook");
        }
        webhook = new Registered(
                UUID.randomUUID().toString(),
                body.path("endpoint").asText(),
                body.path("secret").asText(),
                false,
                clock.instant());
        return SimResponse.ok(render(webhook));
    }

    SimResponse get(String id) {
        Registered current = webhook;
        return current != null && current.id().equals(id)
                ? SimResponse.ok(render(current))
                : SimResponse.error(404, "not_found", "webhook not found");
    }

    synchronized SimResponse update(String id, JsonNode body) {
        Registered current = webhook;
        if (current == null || !current.id().equals(id)) {
            return SimResponse.error(404, "not_found", "webhook not found");
        }
        SimResponse invalid = invalid(body);
        if (invalid != null) {
            return invalid;
        }
        webhook = new Registered(
                id,
                body.path("endpoint").asText(),
                body.path("secret").asText(),
                current.disabled(),
                current.createdAt());
        return SimResponse.ok(render(webhook));
    }

    synchronized SimResponse delete(String id) {
        Registered current = webhook;
        if (current == null || !current.id().equals(id)) {
            return SimResponse.error(404, "not_found", "webhook not found");
        }
        webhook = null;
        return new SimResponse(200, null, java.util.Map.of());
    }

    synchronized SimResponse enabled(String id, boolean enabled) {
        Registered current = webhook;
        if (current == null || !current.id().equals(id)) {
            return SimResponse.error(404, "not_found", "webhook not found");
        }
        webhook = new Registered(id, current.endpoint(), current.secret(), !enabled, current.createdAt());
        return SimResponse.ok(render(webhook));
    }

    private static SimResponse invalid(JsonNode body) {
        if (body == null
                || !body.path("endpoint").isTextual()
                || body.path("endpoint").asText().isBlank()
                || !body.path("secret").isTextual()
                || body.path("secret").asText().isEmpty()) {
            return SimResponse.error(422, "invalid_body", "endpoint and secret are required");
        }
        return null;
    }

    private ObjectNode render(Registered w) {
        return Payloads.JSON
                .createObjectNode()
                .put("id", w.id())
                .put("organization_id", organizationId)
                .put("endpoint", w.endpoint())
                .put("secret", w.secret())
                .put("disabled", w.disabled())
                .put("created_at", w.createdAt().toString());
    }

    // Test handles.

    /** Registers the webhook as {@code POST /api/webhooks} would (replacing any), for tests that do not register. */
    public synchronized Webhooks register(String endpoint, String secret) {
        webhook = new Registered(UUID.randomUUID().toString(), endpoint, secret, false, clock.instant());
        return this;
    }

    /** The registered endpoint, if any. */
    public java.util.Optional<String> endpoint() {
        Registered current = webhook;
        return current == null ? java.util.Optional.empty() : java.util.Optional.of(current.endpoint());
    }

    public boolean disabled() {
        Registered current = webhook;
        return current != null && current.disabled();
    }

    /** A share of events (0..1) never delivered at all, as at-most-once delivery allows. */
    public Webhooks dropRate(double rate) {
        this.dropRate = rate;
        return this;
    }

    /** A share of events delivered twice. */
    public Webhooks duplicateRate(double rate) {
        this.duplicateRate = rate;
        return this;
    }

    /** A share of deliveries signed with another key than the webhook's secret. */
    public Webhooks badSignatureRate(double rate) {
        this.badSignatureRate = rate;
        return this;
    }

    /** Each delivery waits a random time in [min, max] first: deliveries then arrive out of order. */
    public Webhooks delay(Duration min, Duration max) {
        this.delayMin = min;
        this.delayMax = max;
        return this;
    }

    /** Every event delivered this many times at once (a storm of duplicates). */
    public Webhooks storm(int times) {
        this.copies = Math.max(1, times);
        return this;
    }

    /** The first retry's wait (doubled for each next one); 1 s unless a test needs retries sooner. */
    public Webhooks retryBase(Duration base) {
        this.retryBase = base;
        return this;
    }

    public Webhooks seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Every delivery attempt so far, in the order they ended. */
    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized void clear() {
        webhook = null;
        deliveries.clear();
        random = new Random(7);
        dropRate = 0;
        duplicateRate = 0;
        badSignatureRate = 0;
        delayMin = Duration.ZERO;
        delayMax = Duration.ZERO;
        copies = 1;
        retryBase = Duration.ofSeconds(1);
    }

    // Deliveries.

    /** Delivers one event to the webhook, if one is registered and enabled, with the faults in force. */
    void deliver(SimEvents.Event event) {
        Registered target = webhook;
        if (target == null || target.disabled()) {
            return;
        }
        if (random.nextDouble() < dropRate) {
            record(new Delivery(event.id(), event.type(), event.syncId(), 0, 0, true, "dropped", clock.instant()));
            return;
        }
        int times = copies + (random.nextDouble() < duplicateRate ? 1 : 0);
        for (int i = 0; i < times; i++) {
            boolean honest = random.nextDouble() >= badSignatureRate;
            long delay = delayMillis();
            if (delay <= 0) {
                attempt(target, event, honest, 1);
            } else {
                vertx.setTimer(delay, t -> attempt(target, event, honest, 1));
            }
        }
    }

    private long delayMillis() {
        long min = delayMin.toMillis();
        long max = delayMax.toMillis();
        return max <= min ? min : min + (long) (random.nextDouble() * (max - min));
    }

    private void attempt(Registered target, SimEvents.Event event, boolean honest, int attempt) {
        byte[] body = event.json().toString().getBytes(StandardCharsets.UTF_8);
        String signature = sign(body, honest ? target.secret() : target.secret() + "-not-it");
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(target.endpoint())
                .setIdleTimeout(10_000)
                .putHeader("Content-Type", "application/json")
                .putHeader("Polytomic-Signature", signature);
        http.request(options)
                .compose(request -> request.send(io.vertx.core.buffer.Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(done -> {
                    int status = done.succeeded() ? done.result() : 0;
                    boolean delivered = status / 100 == 2;
                    record(new Delivery(
                            event.id(),
                            event.type(),
                            event.syncId(),
                            attempt,
                            status,
                            honest,
                            delivered ? "delivered" : "failed",
                            clock.instant()));
                    if (!delivered && attempt <= RETRIES) {
                        long wait = retryBase.toMillis() << (attempt - 1);
                        vertx.setTimer(Math.max(1, wait), t -> attempt(target, event, honest, attempt + 1));
                    } else if (!delivered) {
                        LOG.debugf("Webhook delivery of event %s given up after %d attempts", event.id(), attempt);
                    }
                });
    }

    private synchronized void record(Delivery delivery) {
        deliveries.add(delivery);
    }

    /** The {@code Polytomic-Signature} of a body, as {@link Readings#signature} says it is made. */
    String sign(byte[] body, String secret) {
        Readings.Signature how = readings.signature();
        try {
            Mac mac = Mac.getInstance(how.algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), how.algorithm));
            byte[] digest = mac.doFinal(body);
            return how.base64
                    ? Base64.getEncoder().encodeToString(digest)
                    : HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has " + how.algorithm, e);
        }
    }
}
