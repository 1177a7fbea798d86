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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The bridge's only way to the Polytomic API. Every call validates its IDs before a URL exists, goes through
 * {@link ApiGuard} (timeout, retry with backoff honouring Retry-After, circuit breaker) and ends in an
 * {@link ApiResult}: callers branch on the outcome, they never catch HTTP exceptions.
 *
 * <p>Mutating calls take the caller's idempotency key, sent as {@code Idempotency-Key} on every attempt, so a retry of
 * a call that did reach the API is answered from the API's record instead of applied twice.
 */
@ApplicationScoped
public class PolytomicClient {

    private final PolytomicApi api;
    private final ApiGuard guard;
    private final ResponseMapper mapper;
    private final ObjectMapper json;
    private final ApiMetrics metrics;
    private final PolytomicCredential credential;
    private final Duration timeout;

    PolytomicClient(
            @RestClient PolytomicApi api,
            ApiGuard guard,
            ResponseMapper mapper,
            ObjectMapper json,
            ApiMetrics metrics,
            PolytomicCredential credential,
            BridgeConfig config) {
        this.api = api;
        this.guard = guard;
        this.mapper = mapper;
        this.json = json;
        this.metrics = metrics;
        this.credential = credential;
        this.timeout = config.polytomic().faultTolerance().timeout();
    }

    /**
     * {@code GET /api/me}, one attempt: the credential check. Outside retries and the breaker, so that it answers
     * within one timeout and its failures neither open the breaker nor hold anything up.
     */
    public Uni<ApiResult<Identity>> identity() {
        JavaType type = json.getTypeFactory().constructType(Identity.class);
        long started = System.nanoTime();
        return Uni.createFrom()
                .<RestResponse<String>>deferred(api::me)
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new java.util.concurrent.TimeoutException("no answer within " + timeout))
                .map(response -> mapper.<Identity>map(response, type))
                .onFailure()
                .recoverWithItem(PolytomicClient::finalResult)
                .invoke(result -> metrics.recordCall(
                        "identity", result.outcome(), Duration.ofNanos(System.nanoTime() - started)));
    }

    public Uni<ApiResult<ActivationResult>> activate(SyncKind kind, String syncId, boolean active, String key) {
        String id = Ids.require("sync ID", syncId);
        ActivateRequest body = new ActivateRequest(active);
        return call(
                "activate",
                ActivationResult.class,
                () -> kind == SyncKind.MODEL
                        ? api.activateModelSync(id, key, body)
                        : api.activateBulkSync(id, key, body));
    }

    public Uni<ApiResult<CancelResult>> cancel(SyncKind kind, String syncId, String key) {
        String id = Ids.require("sync ID", syncId);
        return call(
                "cancel",
                CancelResult.class,
                () -> kind == SyncKind.MODEL ? api.cancelModelSync(id, key) : api.cancelBulkSync(id, key));
    }

    public Uni<ApiResult<CancelResult>> cancelBulkExecution(String syncId, String executionId, String key) {
        String id = Ids.require("sync ID", syncId);
        String execution = Ids.require("execution ID", executionId);
        return call("cancel-execution", CancelResult.class, () -> api.cancelBulkExecution(id, execution, key));
    }

    public Uni<ApiResult<StartedExecution>> startModelSync(String syncId, ModelStartRequest request, String key) {
        String id = Ids.require("sync ID", syncId);
        return call("start", StartedExecution.class, () -> api.startModelSync(id, key, request));
    }

    public Uni<ApiResult<BulkExecution>> startBulkSync(String syncId, BulkStartRequest request, String key) {
        String id = Ids.require("sync ID", syncId);
        return call("start", BulkExecution.class, () -> api.startBulkSync(id, key, request));
    }

    public Uni<ApiResult<ModelSyncStatus>> modelSyncStatus(String syncId) {
        String id = Ids.require("sync ID", syncId);
        return call("status", ModelSyncStatus.class, () -> api.modelSyncStatus(id));
    }

    public Uni<ApiResult<ModelExecution>> modelExecution(String syncId, String executionId) {
        String id = Ids.require("sync ID", syncId);
        String execution = Ids.require("execution ID", executionId);
        return call("get-execution", ModelExecution.class, () -> api.modelExecution(id, execution));
    }

    public Uni<ApiResult<BulkSyncStatus>> bulkSyncStatus(String syncId) {
        String id = Ids.require("sync ID", syncId);
        return call("status", BulkSyncStatus.class, () -> api.bulkSyncStatus(id));
    }

    /** Summary status of the given bulk syncs in one call ({@code sync_id} repeated). */
    public Uni<ApiResult<List<BulkStatusSummary>>> bulkSyncStatuses(Collection<String> syncIds) {
        List<String> ids = syncIds.stream().map(s -> Ids.require("sync ID", s)).toList();
        return call("list-status", listOf(BulkStatusSummary.class), () -> api.bulkSyncStatuses(ids, null, null));
    }

    /** Summary status of every bulk sync of the organization, or of the active ones only. */
    public Uni<ApiResult<List<BulkStatusSummary>>> bulkSyncStatusesOfOrganization(boolean activeOnly) {
        return call(
                "list-status",
                listOf(BulkStatusSummary.class),
                () -> activeOnly ? api.bulkSyncStatuses(null, null, true) : api.bulkSyncStatuses(null, true, null));
    }

    public Uni<ApiResult<BulkExecution>> bulkExecution(String syncId, String executionId) {
        String id = Ids.require("sync ID", syncId);
        String execution = Ids.require("execution ID", executionId);
        return call("get-execution", BulkExecution.class, () -> api.bulkExecution(id, execution));
    }

    private <T> Uni<ApiResult<T>> call(String operation, Class<T> type, Supplier<Uni<RestResponse<String>>> request) {
        return call(operation, json.getTypeFactory().constructType(type), request);
    }

    private JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    private <T> Uni<ApiResult<T>> call(String operation, JavaType type, Supplier<Uni<RestResponse<String>>> request) {
        AtomicInteger attempts = new AtomicInteger();
        // The last attempt's failure, for the log line of the retry after it (an attempt always fails by itself).
        AtomicReference<String> lastFailure = new AtomicReference<>();
        // Retries run on timer threads: their log lines get the caller's MDC (sync and command IDs) from here. Only
        // copied when those lines are written at all: every API call passes here.
        Map<String, Object> mdc = Log.isDebugEnabled() ? MDC.getMap() : null;
        Map<String, Object> callerMdc = mdc == null ? Map.of() : mdc;
        Supplier<Uni<ApiResult<T>>> attempt = () -> {
            int number = attempts.incrementAndGet();
            if (number > 1) {
                metrics.recordRetry();
                logRetry(callerMdc, operation, number, lastFailure.get());
            }
            long started = System.nanoTime();
            return Uni.createFrom()
                    .<RestResponse<String>>deferred(request::get)
                    // Timed here rather than by the guard: a late answer cancels the request, freeing its
                    // connection, and the attempt fails as a timeout of its own (counted, logged, retried).
                    .ifNoItem()
                    .after(timeout)
                    .failWith(() -> new java.util.concurrent.TimeoutException("no answer within " + timeout))
                    .onFailure()
                    .transform(TransportFailures::toApiException)
                    .map(response -> this.<T>mapped(response, type))
                    .onFailure()
                    .invoke(f -> lastFailure.set(describe(f)))
                    .onItemOrFailure()
                    .invoke((result, failure) -> metrics.recordCall(
                            operation, outcomeOf(result, failure), Duration.ofNanos(System.nanoTime() - started)));
        };
        return guard.call(attempt)
                .onFailure()
                .recoverWithItem(PolytomicClient::<T>finalResult)
                // A 401 may mean the key was revoked since it was checked: have it checked again.
                .invoke(result -> {
                    if (result.outcome() == Outcome.UNAUTHORIZED) {
                        credential.refused();
                    }
                });
    }

    private static void logRetry(Map<String, Object> callerMdc, String operation, int attempt, String after) {
        if (!Log.isDebugEnabled()) {
            return;
        }
        Map<String, Object> before = MDC.getMap();
        callerMdc.forEach(MDC::put);
        try {
            Log.debugf("API %s: attempt %d after %s", operation, attempt, after);
        } finally {
            callerMdc.keySet().forEach(MDC::remove);
            if (before != null) {
                before.forEach(MDC::put);
            }
        }
    }

    private static String describe(Throwable failure) {
        return failure instanceof PolytomicApiException api
                ? api.result().describe()
                : failure.getClass().getSimpleName();
    }

    private static Outcome outcomeOf(ApiResult<?> result, Throwable failure) {
        if (result != null) {
            return result.outcome();
        }
        return failure instanceof PolytomicApiException api ? api.outcome() : Outcome.CONNECTION_FAILURE;
    }

    private <T> ApiResult<T> mapped(RestResponse<String> response, JavaType type) {
        ApiResult<T> result = mapper.map(response, type);
        if (result.outcome().retriable()) {
            throw new PolytomicApiException(result, null);
        }
        return result;
    }

    /** Retries are spent (or never allowed): the failure becomes the caller's result. */
    @SuppressWarnings("unchecked")
    private static <T> ApiResult<T> finalResult(Throwable failure) {
        if (failure instanceof PolytomicApiException api) {
            return (ApiResult<T>) api.result();
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new ApiResult<>(Outcome.CIRCUIT_OPEN, 0, null, ApiError.ofMessage("circuit breaker open"), null);
        }
        return (ApiResult<T>) TransportFailures.toApiException(failure).result();
    }
}
