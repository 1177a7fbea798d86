package io.polybridge.polytomic;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * The bridge's only way to the Polytomic API. Every call validates its IDs before a URL exists, times out, passes the
 * circuit breaker ({@link ApiGuard}) and ends in an {@link ApiResult}: callers branch on the outcome, they never catch
 * HTTP exceptions.
 *
 * <p>A mutation is one attempt with the caller's Idempotency-Key: what comes after a failure (the same key, a state
 * read, a new key) is the command loop's decision, since only it knows what the command is for. A read, which changes
 * nothing, gets up to {@code bridge.polytomic.fault-tolerance.read-attempts} attempts here, with the one
 * {@link Backoff}; an open breaker ends it at once.
 */
@ApplicationScoped
public class PolytomicClient {

    private final PolytomicHttp http;
    private final ApiGuard guard;
    private final ResponseMapper mapper;
    private final ObjectMapper json;
    private final ApiMetrics metrics;
    private final Backoff backoff;
    private final PolytomicCredential credential;
    private final Duration timeout;
    private final int readAttempts;

    PolytomicClient(
            PolytomicHttp http,
            ApiGuard guard,
            ResponseMapper mapper,
            ObjectMapper json,
            ApiMetrics metrics,
            Backoff backoff,
            PolytomicCredential credential,
            BridgeConfig config) {
        this.http = http;
        this.guard = guard;
        this.mapper = mapper;
        this.json = json;
        this.metrics = metrics;
        this.backoff = backoff;
        this.credential = credential;
        this.timeout = config.polytomic().faultTolerance().timeout();
        this.readAttempts = Math.max(1, config.polytomic().faultTolerance().readAttempts());
    }

    /**
     * {@code GET /api/me}, one attempt: the credential check. Outside retries and the breaker, so that it answers
     * within one timeout and its failures neither open the breaker nor hold anything up.
     */
    public Uni<ApiResult<Identity>> identity() {
        JavaType type = json.getTypeFactory().constructType(Identity.class);
        long started = System.nanoTime();
        return Uni.createFrom()
                .deferred(() -> http.get("/api/me"))
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new java.util.concurrent.TimeoutException("no answer within " + timeout))
                .map(response -> mapper.<Identity>map(response, type))
                .onFailure()
                .recoverWithItem(TransportFailures::<Identity>toResult)
                .invoke(result -> metrics.recordCall(
                        "identity", result.outcome(), Duration.ofNanos(System.nanoTime() - started)));
    }

    // Mutations: one attempt each.

    public Uni<ApiResult<ActivationResult>> activate(SyncKind kind, String syncId, boolean active, IdempotencyKey key) {
        String id = Ids.require("sync ID", syncId);
        ActivateRequest body = new ActivateRequest(active);
        return mutation(
                "activate",
                ActivationResult.class,
                key,
                () -> http.post(syncPath(kind, id) + "/activate", key.value(), body));
    }

    public Uni<ApiResult<CancelResult>> cancel(SyncKind kind, String syncId, IdempotencyKey key) {
        String id = Ids.require("sync ID", syncId);
        return mutation(
                "cancel", CancelResult.class, key, () -> http.post(syncPath(kind, id) + "/cancel", key.value(), null));
    }

    /** Cancels one execution of a model or bulk sync. */
    public Uni<ApiResult<CancelResult>> cancelExecution(
            SyncKind kind, String syncId, String executionId, IdempotencyKey key) {
        String id = Ids.require("sync ID", syncId);
        String execution = Ids.require("execution ID", executionId);
        return mutation(
                "cancel-execution",
                CancelResult.class,
                key,
                () -> http.post(syncPath(kind, id) + "/executions/" + execution + "/cancel", key.value(), null));
    }

    public Uni<ApiResult<StartedExecution>> startModelSync(
            String syncId, ModelStartRequest request, IdempotencyKey key) {
        String id = Ids.require("sync ID", syncId);
        return mutation(
                "start",
                StartedExecution.class,
                key,
                () -> http.post(syncPath(SyncKind.MODEL, id) + "/executions", key.value(), request));
    }

    public Uni<ApiResult<BulkExecution>> startBulkSync(String syncId, BulkStartRequest request, IdempotencyKey key) {
        String id = Ids.require("sync ID", syncId);
        return mutation(
                "start",
                BulkExecution.class,
                key,
                () -> http.post(syncPath(SyncKind.BULK, id) + "/executions", key.value(), request));
    }

    // Reads: a few attempts each.

    /** The sync's definition, for whether it is active. */
    public Uni<ApiResult<SyncDefinition>> syncDefinition(SyncKind kind, String syncId) {
        String id = Ids.require("sync ID", syncId);
        return read("get-sync", type(SyncDefinition.class), () -> http.get(syncPath(kind, id)));
    }

    public Uni<ApiResult<ModelSyncStatus>> modelSyncStatus(String syncId) {
        String id = Ids.require("sync ID", syncId);
        return read("status", type(ModelSyncStatus.class), () -> http.get(syncPath(SyncKind.MODEL, id) + "/status"));
    }

    /** The newest model executions (the first page, newest first). */
    public Uni<ApiResult<List<ModelExecution>>> modelExecutions(String syncId) {
        String id = Ids.require("sync ID", syncId);
        return read(
                "list-executions",
                listOf(ModelExecution.class),
                () -> http.get(syncPath(SyncKind.MODEL, id) + "/executions"));
    }

    public Uni<ApiResult<ModelExecution>> modelExecution(String syncId, String executionId) {
        String id = Ids.require("sync ID", syncId);
        String execution = Ids.require("execution ID", executionId);
        return read(
                "get-execution",
                type(ModelExecution.class),
                () -> http.get(syncPath(SyncKind.MODEL, id) + "/executions/" + execution));
    }

    public Uni<ApiResult<BulkSyncStatus>> bulkSyncStatus(String syncId) {
        String id = Ids.require("sync ID", syncId);
        return read("status", type(BulkSyncStatus.class), () -> http.get(syncPath(SyncKind.BULK, id) + "/status"));
    }

    /** Summary status of the given bulk syncs in one call ({@code sync_id} repeated). */
    public Uni<ApiResult<List<BulkStatusSummary>>> bulkSyncStatuses(Collection<String> syncIds) {
        List<String> ids = syncIds.stream().map(s -> Ids.require("sync ID", s)).toList();
        return read("list-status", listOf(BulkStatusSummary.class), () -> http.get(bulkStatuses(ids, null)));
    }

    /** Summary status of every bulk sync of the organization, or of the active ones only. */
    public Uni<ApiResult<List<BulkStatusSummary>>> bulkSyncStatusesOfOrganization(boolean activeOnly) {
        return read(
                "list-status",
                listOf(BulkStatusSummary.class),
                () -> http.get(bulkStatuses(List.of(), activeOnly ? "active" : "all")));
    }

    /** The newest bulk executions (the first page, newest first). */
    public Uni<ApiResult<List<BulkExecution>>> bulkExecutions(String syncId) {
        String id = Ids.require("sync ID", syncId);
        return read(
                "list-executions",
                listOf(BulkExecution.class),
                () -> http.get(syncPath(SyncKind.BULK, id) + "/executions"));
    }

    public Uni<ApiResult<BulkExecution>> bulkExecution(String syncId, String executionId) {
        String id = Ids.require("sync ID", syncId);
        String execution = Ids.require("execution ID", executionId);
        return read(
                "get-execution",
                type(BulkExecution.class),
                () -> http.get(syncPath(SyncKind.BULK, id) + "/executions/" + execution));
    }

    /**
     * One page of the organization's events, strictly after and before the given times (either may be null), at most
     * {@code limit}. Each event as JSON: one the bridge cannot read must not make the whole page unreadable.
     */
    public Uni<ApiResult<List<com.fasterxml.jackson.databind.JsonNode>>> events(
            java.time.Instant startingAfter, java.time.Instant endingBefore, int limit) {
        String after = startingAfter == null ? null : startingAfter.toString();
        String before = endingBefore == null ? null : endingBefore.toString();
        return read(
                "events",
                listOf(com.fasterxml.jackson.databind.JsonNode.class),
                () -> http.get(events(after, before, limit)));
    }

    /** The organization's webhook (at most one). */
    public Uni<ApiResult<List<Webhook>>> webhooks() {
        return read("list-webhooks", listOf(Webhook.class), () -> http.get(WEBHOOKS));
    }

    public Uni<ApiResult<Webhook>> createWebhook(WebhookRequest request, IdempotencyKey key) {
        return mutation("create-webhook", Webhook.class, key, () -> http.post(WEBHOOKS, key.value(), request));
    }

    /** PUT replaces the endpoint and secret; idempotent by nature, so it carries no key (as the docs ask of PUTs). */
    public Uni<ApiResult<Webhook>> updateWebhook(String webhookId, WebhookRequest request) {
        String id = Ids.require("webhook ID", webhookId);
        return attempt("update-webhook", type(Webhook.class), () -> http.put(WEBHOOKS + "/" + id, request), false);
    }

    public Uni<ApiResult<Webhook>> enableWebhook(String webhookId, IdempotencyKey key) {
        String id = Ids.require("webhook ID", webhookId);
        return mutation(
                "enable-webhook",
                Webhook.class,
                key,
                () -> http.post(WEBHOOKS + "/" + id + "/enable", key.value(), null));
    }

    private static final String WEBHOOKS = "/api/webhooks";

    /** IDs here have passed {@link Ids#require}: nothing in them needs escaping. */
    private static String syncPath(SyncKind kind, String id) {
        return (kind == SyncKind.MODEL ? "/api/syncs/" : "/api/bulk/syncs/") + id;
    }

    /** {@code sync_id} repeated for the given syncs, or {@code all=true} / {@code active=true} for the organization. */
    private static String bulkStatuses(List<String> ids, String organizationFilter) {
        StringBuilder uri = new StringBuilder("/api/bulk/syncs/status");
        ids.forEach(id -> PolytomicHttp.query(uri, "sync_id", id));
        if (organizationFilter != null) {
            PolytomicHttp.query(uri, organizationFilter, true);
        }
        return uri.toString();
    }

    private static String events(String startingAfter, String endingBefore, int limit) {
        StringBuilder uri = new StringBuilder("/api/events");
        PolytomicHttp.query(uri, "starting_after", startingAfter);
        PolytomicHttp.query(uri, "ending_before", endingBefore);
        PolytomicHttp.query(uri, "limit", limit);
        return uri.toString();
    }

    private JavaType type(Class<?> type) {
        return json.getTypeFactory().constructType(type);
    }

    private JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    private <T> Uni<ApiResult<T>> mutation(
            String operation, Class<T> type, IdempotencyKey key, Supplier<Uni<PolytomicHttp.Answer>> request) {
        return attempt(operation, type(type), request, key.mayBeReplayed());
    }

    /**
     * A read's attempts: again after a retriable outcome, up to the read attempts, with the backoff; never while the
     * breaker is open (the next poll cycle or command step asks again). Retries run on timer threads: their log lines
     * get the caller's MDC from here, copied only when those lines are written at all.
     */
    private <T> Uni<ApiResult<T>> read(String operation, JavaType type, Supplier<Uni<PolytomicHttp.Answer>> request) {
        Map<String, Object> mdc = Log.isDebugEnabled() ? MDC.getMap() : null;
        return read(operation, type, request, 1, mdc == null ? Map.of() : mdc);
    }

    private <T> Uni<ApiResult<T>> read(
            String operation,
            JavaType type,
            Supplier<Uni<PolytomicHttp.Answer>> request,
            int number,
            Map<String, Object> callerMdc) {
        return this.<T>attempt(operation, type, request, false).flatMap(result -> {
            if (!result.outcome().retriable() || result.outcome() == Outcome.CIRCUIT_OPEN || number >= readAttempts) {
                return Uni.createFrom().item(result);
            }
            return Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(backoff.after(number, result))
                    .flatMap(ignored -> {
                        metrics.recordRetry();
                        logRetry(callerMdc, operation, number + 1, result);
                        return read(operation, type, request, number + 1, callerMdc);
                    });
        });
    }

    /** One attempt: timed, through the breaker, classified; never a failure. */
    private <T> Uni<ApiResult<T>> attempt(
            String operation, JavaType type, Supplier<Uni<PolytomicHttp.Answer>> request, boolean mayBeReplayed) {
        return guard.call(
                        () -> {
                            long started = System.nanoTime();
                            return Uni.createFrom()
                                    .<PolytomicHttp.Answer>deferred(request::get)
                                    // Timed here rather than by a guard: a late answer cancels the request, freeing its
                                    // connection, and the attempt ends as a timeout of its own (counted, logged).
                                    .ifNoItem()
                                    .after(timeout)
                                    .failWith(() ->
                                            new java.util.concurrent.TimeoutException("no answer within " + timeout))
                                    .map(response -> mapper.<T>map(response, type))
                                    .onFailure()
                                    .recoverWithItem(TransportFailures::<T>toResult)
                                    .invoke(result -> metrics.recordCall(
                                            operation,
                                            result.outcome(),
                                            Duration.ofNanos(System.nanoTime() - started)));
                        },
                        mayBeReplayed)
                // A 401 may mean the key was revoked since it was checked: have it checked again.
                .invoke(result -> {
                    if (result.outcome() == Outcome.UNAUTHORIZED) {
                        credential.refused();
                    }
                });
    }

    private static void logRetry(Map<String, Object> callerMdc, String operation, int attempt, ApiResult<?> after) {
        if (!Log.isDebugEnabled()) {
            return;
        }
        Map<String, Object> before = MDC.getMap();
        callerMdc.forEach(MDC::put);
        try {
            Log.debugf("API %s: attempt %d after %s", operation, attempt, after.describe());
        } finally {
            callerMdc.keySet().forEach(MDC::remove);
            if (before != null) {
                before.forEach(MDC::put);
            }
        }
    }
}
