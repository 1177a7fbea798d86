package io.polybridge.polytomic;

import io.polybridge.config.BridgeConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The named circuit breaker around every API attempt, SmallRye Fault Tolerance's, built from typed config so that
 * every threshold is a setting. Nothing else: an attempt times itself out ({@link PolytomicClient}), and retrying is
 * the caller's loop, with results as values (a command's in the command package, a read's in the client).
 *
 * <p>Which answers count as failures is decided per attempt. Reads count their 5xx, timeouts and connection failures.
 * A mutation counts them too, except a 5xx answer to a key that another process may have sent before: the API records
 * a 500 under its key and replays it for a day, so that answer may be an old failure, not news about the API's health
 * (the state read that follows it is). Within one process a key is never sent again after a 5xx, so no replay there.
 */
@ApplicationScoped
class ApiGuard {

    private final Guard guard;

    ApiGuard(BridgeConfig config, ApiCircuitBreaker breaker) {
        BridgeConfig.CircuitBreaker cb = config.polytomic().faultTolerance().circuitBreaker();
        this.guard = Guard.create()
                .withDescription("Polytomic API")
                .withCircuitBreaker()
                .name(ApiCircuitBreaker.NAME)
                .requestVolumeThreshold(cb.requestVolumeThreshold())
                .failureRatio(cb.failureRatio())
                .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(cb.successThreshold())
                .when(failure -> failure instanceof PolytomicApiException)
                .onStateChange(breaker::changed)
                .done()
                // An attempt only builds a non-blocking REST call: moving it to another thread first is pure cost.
                .withThreadOffload(false)
                .build();
        breaker.built();
    }

    /**
     * One attempt through the breaker: its answer, or {@link Outcome#CIRCUIT_OPEN} when the breaker refused it.
     *
     * @param attempt never fails: transport failures are already results
     * @param mayBeReplayed the attempt carries an Idempotency-Key another process may have sent: its 5xx is not counted
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> Uni<ApiResult<T>> call(Supplier<Uni<ApiResult<T>>> attempt, boolean mayBeReplayed) {
        Supplier<Uni<ApiResult<T>>> counted = () -> attempt.get().map(result -> {
            if (countsAsFailure(result, mayBeReplayed)) {
                throw new PolytomicApiException(result);
            }
            return result;
        });
        // The guard only needs the raw async type to pick its Mutiny strategy.
        Uni<ApiResult<T>> guarded = (Uni<ApiResult<T>>) guard.get((Supplier) counted, Uni.class);
        return guarded.onFailure().recoverWithItem(ApiGuard::<T>asResult);
    }

    static boolean countsAsFailure(ApiResult<?> result, boolean mayBeReplayed) {
        if (!result.outcome().breakerFailure()) {
            return false;
        }
        return !(mayBeReplayed && result.outcome() == Outcome.SERVER_ERROR && result.httpStatus() > 0);
    }

    @SuppressWarnings("unchecked")
    private static <T> ApiResult<T> asResult(Throwable failure) {
        if (failure instanceof PolytomicApiException counted) {
            return (ApiResult<T>) counted.result();
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new ApiResult<>(Outcome.CIRCUIT_OPEN, 0, null, ApiError.ofMessage("circuit breaker open"), null);
        }
        return TransportFailures.toResult(failure);
    }
}
