package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One API request through the simulator: authentication, idempotency, fault injection, the operation itself, the
 * injected latency, and finally the journal and the observers.
 */
final class ApiCalls {

    static final String DEFAULT_VERSION = "2025-09-18";

    private final SimulatorOptions options;
    private final Routes routes;
    private final Faults faults;
    private final Journal journal;
    private final IdempotencyStore idempotency;
    private final Readings readings;
    private final List<Consumer<Exchange>> observers;
    private final AtomicInteger inFlight;
    private final AtomicInteger peak;
    private final Vertx vertx;
    private final Clock clock;
    // A revoked credential: the organization's key was rotated or deleted, so every call answers 401 (OAS: "401 when
    // the credential is bad") until it is restored.
    private volatile boolean revoked;

    ApiCalls(
            SimulatorOptions options,
            Routes routes,
            Faults faults,
            Journal journal,
            IdempotencyStore idempotency,
            Readings readings,
            List<Consumer<Exchange>> observers,
            AtomicInteger inFlight,
            AtomicInteger peak,
            Vertx vertx,
            Clock clock) {
        this.options = options;
        this.routes = routes;
        this.faults = faults;
        this.journal = journal;
        this.idempotency = idempotency;
        this.readings = readings;
        this.observers = observers;
        this.inFlight = inFlight;
        this.peak = peak;
        this.vertx = vertx;
        this.clock = clock;
    }

    void handle(RoutingContext ctx) {
        Instant received = clock.instant();
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        HttpServerRequest req = ctx.request();
        String credential = credential(req.getHeader("Authorization"));
        if (credential == null) {
            answer(
                    ctx,
                    received,
                    SimResponse.error(401, "unauthorized", "missing or invalid credential"),
                    false,
                    false);
            return;
        }
        String key = "POST".equals(req.method().name()) ? req.getHeader("Idempotency-Key") : null;
        if (key != null) {
            if (!IdempotencyStore.KEY.matcher(key).matches()) {
                answer(
                        ctx,
                        received,
                        SimResponse.error(400, "invalid_idempotency_key", "bad Idempotency-Key"),
                        false,
                        false);
                return;
            }
            Optional<SimResponse> earlier = idempotency.begin(credential, key, fingerprint(ctx), readings.keyReuse());
            if (earlier.isPresent()) {
                int status = earlier.get().status();
                answer(ctx, received, earlier.get(), status != 409 && status != 422, false);
                return;
            }
        }
        Faults.Decision fault = faults.decide(req.method().name(), req.path());
        switch (fault.action()) {
            case EDGE_ERROR:
                // A gateway in front of the API answers: the request never reached it, nothing is recorded.
                release(credential, key);
                answer(ctx, received, edgeError(fault.status()), false, false);
                return;
            case RATE_LIMIT:
                SimResponse limited = SimResponse.error(429, "rate_limited", "too many requests")
                        .withHeader("Retry-After", faults.retryAfter());
                if (readings.rateLimitRecorded()) {
                    idempotency.complete(credential, key, limited);
                } else {
                    release(credential, key);
                }
                answer(ctx, received, limited, false, false);
                return;
            case HANG:
                release(credential, key);
                hang(ctx, received);
                return;
            default:
                break;
        }
        SimResponse response;
        boolean applied;
        if (fault.action() == Faults.Action.APP_ERROR) {
            response = SimResponse.error(fault.status(), "internal", "simulated server error");
            applied = false;
        } else {
            SimResponse served = routes.serve(
                    req.method().name(),
                    req.path(),
                    req.params().getAll("sync_id"),
                    req.params(),
                    body(ctx),
                    credential);
            applied = isSuccess(served);
            response = fault.action() == Faults.Action.APP_ERROR_AFTER_APPLY
                    ? SimResponse.error(fault.status(), "internal", "simulated server error")
                    : served;
        }
        if (key != null) {
            idempotency.complete(credential, key, response);
        }
        if (fault.action() == Faults.Action.RESET) {
            // Applied, then the connection dies before the answer: the case idempotency keys exist for.
            finish(ctx, received, 0, Map.of(), "", false, applied);
            req.connection().close();
            return;
        }
        answer(ctx, received, response, false, applied);
    }

    private static SimResponse edgeError(int status) {
        String message = status == 504 ? "gateway timeout" : status == 502 ? "bad gateway" : "service unavailable";
        return SimResponse.error(status, "unavailable", message);
    }

    /** What a reused key is compared with: method, path and body. */
    private static String fingerprint(RoutingContext ctx) {
        String body = ctx.body() == null || ctx.body().buffer() == null
                ? ""
                : ctx.body().asString();
        return ctx.request().method().name() + " " + ctx.request().path() + "\n" + body;
    }

    void revoked(boolean isRevoked) {
        this.revoked = isRevoked;
    }

    boolean revoked() {
        return revoked;
    }

    private void release(String credential, String key) {
        if (key != null) {
            idempotency.abandon(credential, key);
        }
    }

    /**
     * @param replayed the answer is a key's recorded outcome, not the API's work
     * @param applied the API carried the request out (also when it then answered an error)
     */
    private void answer(RoutingContext ctx, Instant received, SimResponse response, boolean replayed, boolean applied) {
        long delay = faults.latencyMillis();
        if (delay <= 0) {
            send(ctx, received, response, replayed, applied);
        } else {
            vertx.setTimer(delay, id -> send(ctx, received, response, replayed, applied));
        }
    }

    private void send(RoutingContext ctx, Instant received, SimResponse response, boolean replayed, boolean applied) {
        if (ctx.response().closed()) {
            // The client went away (killed, timed out) while the answer was delayed: the request was still applied.
            finish(ctx, received, 0, Map.of(), "", replayed, applied);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        String version = ctx.request().getHeader("X-Polytomic-Version");
        headers.put("X-Polytomic-Version", version == null ? DEFAULT_VERSION : version);
        headers.put("Content-Type", "application/json");
        String body = response.body() == null ? "" : response.body().toString();
        headers.forEach(ctx.response()::putHeader);
        // Recorded before the answer goes out: a client that reads the journal as soon as it has its answer finds the
        // exchange there (an answer sent from a timer is on the wire the moment it is written).
        finish(ctx, received, response.status(), headers, body, replayed, applied);
        ctx.response().setStatusCode(response.status()).end(body);
    }

    private static boolean isSuccess(SimResponse response) {
        return response.status() >= 200 && response.status() < 300;
    }

    /** Never answers; the request leaves the in-flight count when the client gives up and closes. */
    private void hang(RoutingContext ctx, Instant received) {
        ctx.request().connection().closeHandler(v -> inFlight.decrementAndGet());
        record(ctx, received, 0, Map.of(), "", false, false);
    }

    private void finish(
            RoutingContext ctx,
            Instant received,
            int status,
            Map<String, String> headers,
            String body,
            boolean replayed,
            boolean applied) {
        inFlight.decrementAndGet();
        record(ctx, received, status, headers, body, replayed, applied);
    }

    private void record(
            RoutingContext ctx,
            Instant received,
            int status,
            Map<String, String> headers,
            String body,
            boolean replayed,
            boolean applied) {
        HttpServerRequest req = ctx.request();
        Map<String, String> requestHeaders = new LinkedHashMap<>();
        req.headers().forEach(h -> requestHeaders.put(h.getKey().toLowerCase(), safeHeader(h.getKey(), h.getValue())));
        Map<String, List<String>> query = new LinkedHashMap<>();
        req.params().names().forEach(n -> query.put(n, req.params().getAll(n)));
        String requestBody = ctx.body() == null || ctx.body().buffer() == null
                ? ""
                : ctx.body().asString();
        journal.add(new JournalEntry(
                req.method().name(),
                req.path(),
                query,
                requestHeaders,
                requestBody,
                req.getHeader("Idempotency-Key"),
                status,
                received,
                clock.instant(),
                replayed,
                applied));
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> responseHeaders.put(k.toLowerCase(), v));
        Exchange exchange = new Exchange(
                req.method().name(), req.path(), query, requestHeaders, requestBody, status, responseHeaders, body);
        observers.forEach(o -> o.accept(exchange));
    }

    private static String safeHeader(String name, String value) {
        if (!"authorization".equalsIgnoreCase(name) || value == null) {
            return value;
        }
        int space = value.indexOf(' ');
        return space < 0 ? "<redacted>" : value.substring(0, space);
    }

    private static JsonNode body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() <= 0) {
            return null;
        }
        try {
            return Payloads.JSON.readTree(ctx.body().asString());
        } catch (Exception e) {
            return Payloads.JSON.getNodeFactory().textNode("<unparseable>");
        }
    }

    /** The credential's scope for idempotency keys, or null when it is not accepted. */
    private String credential(String authorization) {
        if (authorization == null || revoked) {
            return null;
        }
        if (options.apiKey() != null && authorization.equals("Bearer " + options.apiKey())) {
            return "bearer";
        }
        if (options.basicUser() != null && authorization.startsWith("Basic ")) {
            String expected = options.basicUser() + ":" + options.basicPassword();
            try {
                String given = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                return expected.equals(given) ? "basic:" + options.basicUser() : null;
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return null;
    }
}
