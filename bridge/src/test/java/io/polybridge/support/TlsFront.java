package io.polybridge.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PfxOptions;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTPS in front of the simulator, as a TLS-terminating gateway in front of a self-hosted Polytomic would be: it
 * serves a certificate no public CA signed and passes every request and answer through unchanged, counting them.
 */
public final class TlsFront implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final HttpServer server;

    public TlsFront(TestCertificates certificates, String upstreamUrl) throws Exception {
        URI upstream = URI.create(upstreamUrl);
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost(upstream.getHost()).setDefaultPort(upstream.getPort()));
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setSsl(true)
                        .setKeyCertOptions(new PfxOptions()
                                .setPath(certificates.keystore().toString())
                                .setPassword(certificates.password())))
                .requestHandler(request -> request.body()
                        .compose(body -> {
                            MultiMap headers =
                                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
                            headers.remove(HttpHeaders.HOST);
                            return client.request(new RequestOptions()
                                            .setMethod(request.method())
                                            .setURI(request.uri())
                                            .setHeaders(headers))
                                    .compose(out -> out.send(body))
                                    .compose(answer -> answer.body().map(bytes -> {
                                        forwarded.incrementAndGet();
                                        request.response().setStatusCode(answer.statusCode());
                                        request.response().headers().addAll(answer.headers());
                                        return bytes;
                                    }));
                        })
                        .onComplete(done -> {
                            if (done.succeeded()) {
                                request.response().end(done.result());
                            } else {
                                request.response().setStatusCode(502).end();
                            }
                        }));
        server.listen(0, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String url() {
        return "https://localhost:" + server.actualPort();
    }

    /** Exchanges passed through so far. */
    public int forwarded() {
        return forwarded.get();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
