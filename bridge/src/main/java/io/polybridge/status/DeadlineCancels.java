package io.polybridge.status;

import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.CancelResult;
import io.polybridge.polytomic.IdempotencyKey;
import io.polybridge.polytomic.PolytomicClient;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Cancels an execution whose {@code start} gave it a {@code timeout} it did not keep: one call to the execution's own
 * cancel, asked again at each poll of the sync until the API has answered it. Each attempt has a key of its own (the
 * API would replay a recorded 5xx under the same key for a day); a restarted bridge may send a key its predecessor
 * sent, so a 5xx to one is not counted against the breaker.
 */
@ApplicationScoped
class DeadlineCancels {

    private final PolytomicClient client;
    private final ConcurrentMap<String, Integer> attempts = new ConcurrentHashMap<>();

    DeadlineCancels(PolytomicClient client) {
        this.client = client;
    }

    /** Whether the API has answered the cancel for good: accepted, or the execution is not there to cancel. */
    Uni<Boolean> cancel(TrackedSync tracked, String executionId) {
        int attempt = attempts.merge(executionId, 1, Integer::sum);
        IdempotencyKey key = new IdempotencyKey("deadline-" + executionId.replace("-", "") + "-" + attempt, true);
        return client.cancelExecution(tracked.kind(), tracked.syncId(), executionId, key)
                .map(result -> answered(tracked, executionId, result));
    }

    private boolean answered(TrackedSync tracked, String executionId, ApiResult<CancelResult> result) {
        if (result.ok()) {
            attempts.remove(executionId);
            Log.infof(
                    "Sync %s: execution %s passed its deadline %s and was canceled",
                    tracked.syncId(), executionId, tracked.deadline());
            return true;
        }
        if (result.outcome().retriable()) {
            Log.warnf(
                    "Sync %s: execution %s passed its deadline; its cancel failed (%s) and is asked again at the next poll",
                    tracked.syncId(), executionId, result.describe());
            return false;
        }
        attempts.remove(executionId);
        Log.warnf(
                "Sync %s: execution %s passed its deadline; the API refused its cancel (%s), the polls tell how it ends",
                tracked.syncId(), executionId, result.describe());
        return true;
    }
}
