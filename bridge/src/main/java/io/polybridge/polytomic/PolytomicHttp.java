package io.polybridge.polytomic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.tls.runtime.config.TlsConfigUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP exchange with the Polytomic API, on Vert.x's HTTP client directly: a request with the credential, the API
 * version and the caller's Idempotency-Key goes out; the status, headers and body text come back for
 * {@link ResponseMapper}. Nothing else: no retries, no status classes, no exceptions for error statuses.
 *
 * <p>Why not the Quarkus REST client, which did this job before: under load it was a third of the bridge's CPU per
 * command (a URI template per call, header maps, the JAX-RS body writer lookup), more than a whole plain request costs
 * client and server together (docs/cost-and-footprint.md). The paths are a handful of fixed shapes over IDs that
 * {@link Ids} has already checked, and the bodies are written by the one ObjectMapper, so none of that machinery was
 * earning its cost. TLS still comes from Quarkus: a named TLS configuration of the TLS registry, when set.
 *
 * <p>A caller that cancels (the attempt's timeout) resets the request, which frees its connection.
 */
@ApplicationScoped
// Made at start-up: a URL or TLS configuration that cannot work stops the start, rather than every call failing.
@Startup
class PolytomicHttp {

    private static final String APPLICATION_JSON = "application/json";

    /** One answer of the API: its status, its body as text (empty when none) and its headers. */
    record Answer(int status, String body, MultiMap headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpClient client;
    /**
     * Where every exchange runs: one event loop, the one its connections belong to. A request made from a thread of
     * no Vert.x context gets a fresh context, often on another event loop than the pooled connection it is given; its
     * response then crosses threads, and now and then its body had been read before the caller asked for it, leaving
     * a 200 with an empty body ({@code PolytomicHttpIT}).
     */
    private final Context context;

    private final String basePath;
    private final MultiMap fixedHeaders;
    private final ObjectMapper json;

    PolytomicHttp(Vertx vertx, BridgeConfig config, TlsConfigurationRegistry tls, ObjectMapper json) {
        BridgeConfig.Polytomic polytomic = config.polytomic();
        URI url = polytomic.url();
        boolean ssl = "https".equalsIgnoreCase(url.getScheme());
        if (!ssl && !"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("bridge.polytomic.url must be an http or https URL, not '" + url + "'");
        }
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(url.getHost())
                .setDefaultPort(url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80)
                .setSsl(ssl)
                .setForceSni(ssl)
                .setMaxPoolSize(polytomic.connectionPoolSize())
                .setConnectTimeout((int) polytomic.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setName("polytomic");
        if (ssl) {
            polytomic.tlsConfigurationName().ifPresent(name -> {
                TlsConfiguration configuration = tls.get(name)
                        .orElseThrow(() -> new IllegalArgumentException("bridge.polytomic.tls-configuration-name: no"
                                + " TLS configuration named '" + name + "' (quarkus.tls." + name + ".*)"));
                TlsConfigUtils.configure(options, configuration);
            });
        }
        this.client = vertx.createHttpClient(options);
        this.context = ((VertxInternal) vertx).createEventLoopContext();
        this.json = json;
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.fixedHeaders = HttpHeaders.headers()
                .set(HttpHeaders.ACCEPT, APPLICATION_JSON)
                .set(PolytomicHeaders.VERSION_HEADER, polytomic.apiVersion())
                // Which instance called shows up in the API's logs (and in the simulator's journal).
                .set(HttpHeaders.USER_AGENT, "polytomic-kafka-bridge (instance " + config.instanceId() + ")");
        String authorization = PolytomicHeaders.authorization(polytomic);
        if (authorization != null) {
            fixedHeaders.set(HttpHeaders.AUTHORIZATION, authorization);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    Uni<Answer> get(String path) {
        return send(HttpMethod.GET, path, null, null);
    }

    Uni<Answer> post(String path, String idempotencyKey, Object body) {
        return send(HttpMethod.POST, path, idempotencyKey, body);
    }

    Uni<Answer> put(String path, Object body) {
        return send(HttpMethod.PUT, path, null, body);
    }

    /** {@code &name=value}, the value URL-encoded; nothing when the value is null. */
    static void query(StringBuilder uri, String name, Object value) {
        if (value == null) {
            return;
        }
        uri.append(uri.indexOf("?") < 0 ? '?' : '&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
    }

    private Uni<Answer> send(HttpMethod method, String path, String idempotencyKey, Object body) {
        return Uni.createFrom().emitter(emitter -> {
            MultiMap headers = HttpHeaders.headers().addAll(fixedHeaders);
            if (idempotencyKey != null) {
                headers.set(PolytomicHeaders.IDEMPOTENCY_KEY, idempotencyKey);
            }
            Buffer payload;
            try {
                payload = body == null ? null : Buffer.buffer(json.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                emitter.fail(e);
                return;
            }
            if (payload != null) {
                headers.set(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON);
            }
            RequestOptions options = new RequestOptions()
                    .setMethod(method)
                    .setURI(basePath + path)
                    .setHeaders(headers);
            AtomicBoolean settled = new AtomicBoolean();
            AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
            // Runs on completion too, when settled is already set; unsettled means the caller gave up. The reset runs
            // on the event loop, after whatever the exchange did before: a request that has ended may already have
            // handed its connection to another request, and resetting it then would close that connection under the
            // other call.
            emitter.onTermination(() -> {
                if (settled.compareAndSet(false, true)) {
                    context.runOnContext(ignored -> {
                        HttpClientRequest request = inFlight.getAndSet(null);
                        if (request != null) {
                            request.reset();
                        }
                    });
                }
            });
            context.runOnContext(ignored -> {
                if (settled.get()) {
                    return; // the caller gave up before its exchange began: no connection taken for nothing
                }
                exchange(options, payload, settled, inFlight).onComplete(done -> {
                    inFlight.set(null); // over: a late cancel must not reset it
                    if (settled.compareAndSet(false, true)) {
                        if (done.succeeded()) {
                            emitter.complete(done.result());
                        } else {
                            emitter.fail(done.cause());
                        }
                    }
                });
            });
        });
    }

    /** One request and its answer, on {@link #context}; the caller's cancel, also run there, resets it. */
    private Future<Answer> exchange(
            RequestOptions options,
            Buffer payload,
            AtomicBoolean settled,
            AtomicReference<HttpClientRequest> inFlight) {
        Future<HttpClientRequest> acquired;
        try {
            acquired = client.request(options);
        } catch (RuntimeException closed) {
            return Future.failedFuture(closed); // the client is closed: the application is stopping
        }
        return acquired.compose(request -> {
                    // Failures reach the caller through send()'s future; without a handler of its own, the request
                    // would also log every reset (a caller's timeout) at ERROR.
                    request.exceptionHandler(failure -> {});
                    if (settled.get()) {
                        // The caller gave up while the connection was being taken; nothing was written on it yet.
                        request.reset();
                        return Future.failedFuture(new CancellationException("the caller gave up"));
                    }
                    inFlight.set(request);
                    return payload == null ? request.send() : request.send(payload);
                })
                .compose(response -> response.body()
                        .map(bytes -> new Answer(
                                response.statusCode(), bytes.toString(StandardCharsets.UTF_8), response.headers())));
    }
}
