package io.polybridge.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A local stand-in for the Polytomic REST API (version 2025-09-18): the endpoints the bridge uses, with the definition's
 * JSON shapes, realistic execution lifecycles, idempotency keys, the organization's events and signed webhook
 * deliveries, fault injection and a journal of every request. For tests and dev mode; never part of the production
 * artifact.
 */
public final class PolytomicSimulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PolytomicSimulator.class);

    private final Vertx vertx;
    private final HttpServer server;
    private final SimState state;
    private final Faults faults;
    private final Readings readings = new Readings();
    private final Journal journal = new Journal();
    private final IdempotencyStore idempotency;
    private final List<Consumer<Exchange>> observers = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final ApiCalls api;
    private final SimEvents events;
    private final Webhooks webhooks;

    private PolytomicSimulator(SimulatorOptions options) {
        Clock clock = Clock.systemUTC();
        this.state = new SimState(clock, options, readings);
        this.faults = new Faults(clock);
        this.idempotency = new IdempotencyStore(clock, options.idempotencyRetention());
        this.vertx = Vertx.vertx();
        this.events = new SimEvents(
                clock,
                readings,
                (when, task) -> vertx.setTimer(
                        Math.max(1, Duration.between(clock.instant(), when).toMillis() + 1), id -> task.run()),
                SimState.ORGANIZATION_ID);
        this.webhooks = new Webhooks(vertx, clock, readings, SimState.ORGANIZATION_ID);
        events.listen(webhooks::deliver);
        state.lifecycle(events);
        this.api = new ApiCalls(
                options,
                new Routes(state, events, webhooks),
                faults,
                journal,
                idempotency,
                readings,
                observers,
                inFlight,
                peakInFlight,
                vertx,
                clock);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(1_048_576));
        router.route("/_sim/*").handler(new ControlApi(this)::handle);
        router.route("/api/*").handler(api::handle);
        router.route().handler(ctx -> ctx.response().setStatusCode(404).end());
        this.server = vertx.createHttpServer().requestHandler(router);
        try {
            server.listen(options.port(), "localhost")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("simulator could not listen on port " + options.port(), e);
        }
        LOG.infof("Polytomic simulator listening on %s", baseUrl());
    }

    public static PolytomicSimulator start(SimulatorOptions options) {
        return new PolytomicSimulator(options);
    }

    public String baseUrl() {
        return "http://localhost:" + server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    /**
     * Clears syncs, executions, journal, faults, idempotency keys and the peak counter; restores default readings and
     * credentials.
     */
    public void reset() {
        api.revoked(false);
        events.clear();
        webhooks.clear();
        state.clear();
        journal.clear();
        faults.clear();
        readings.reset();
        idempotency.clear();
        peakInFlight.set(inFlight.get());
    }

    public SimSync addModelSync(String id, boolean active) {
        return state.add(id, SimSync.Kind.MODEL, active, List.of());
    }

    public SimSync addBulkSync(String id, boolean active, String... schemaNames) {
        List<String> schemas = schemaNames.length == 0 ? List.of("contact") : List.of(schemaNames);
        return state.add(id, SimSync.Kind.BULK, active, schemas);
    }

    public SimSync addModelSync(UUID id, boolean active) {
        return addModelSync(id.toString(), active);
    }

    public SimSync addBulkSync(UUID id, boolean active, String... schemaNames) {
        return addBulkSync(id.toString(), active, schemaNames);
    }

    /** Deletes a sync: every call about it answers 404 from now on. */
    public boolean removeSync(String id) {
        return state.remove(id);
    }

    /**
     * How the list-status call answers when some asked-for syncs do not exist (the docs do not say); until the next
     * {@link #reset()}, which restores {@link UnknownSyncIds#NOT_FOUND_IF_ALL}.
     */
    public PolytomicSimulator unknownSyncIds(UnknownSyncIds reading) {
        state.unknownSyncIds(reading);
        return this;
    }

    public java.util.Optional<SimSync> sync(String id) {
        return state.find(SimSync.Kind.MODEL, id).or(() -> state.find(SimSync.Kind.BULK, id));
    }

    /**
     * Revokes every credential, as when the organization's key is deleted or rotated: each API call, {@code GET
     * /api/me} included, answers 401 until {@link #restoreCredentials()}.
     */
    public void revokeCredentials() {
        api.revoked(true);
    }

    public void restoreCredentials() {
        api.revoked(false);
    }

    public boolean credentialsRevoked() {
        return api.revoked();
    }

    public Faults faults() {
        return faults;
    }

    /** Which reading of the docs the simulator follows where they are silent. */
    public Readings readings() {
        return readings;
    }

    /** The organization's event log ({@code GET /api/events}). */
    public SimEvents events() {
        return events;
    }

    /** The organization's webhook, its deliveries and their faults. */
    public Webhooks webhooks() {
        return webhooks;
    }

    public Journal journal() {
        return journal;
    }

    public void addObserver(Consumer<Exchange> observer) {
        observers.add(observer);
    }

    public void removeObserver(Consumer<Exchange> observer) {
        observers.remove(observer);
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int peakInFlight() {
        return peakInFlight.get();
    }

    /** Starts counting the peak afresh from the requests in flight now. */
    public void resetPeak() {
        peakInFlight.set(inFlight.get());
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Simulator did not stop cleanly", e);
        }
    }

    /** For {@link ControlApi}: the routing context has already been answered there. */
    static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).end();
    }
}
