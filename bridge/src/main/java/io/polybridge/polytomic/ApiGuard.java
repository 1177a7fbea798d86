package io.polybridge.polytomic;

import io.polybridge.config.BridgeConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * Retry and the named circuit breaker around every API call, built from typed config so that every threshold is a
 * setting. Order (outermost first): retry, circuit breaker. Each attempt times itself out ({@link PolytomicClient}), so
 * that a late answer's request is cancelled and its timeout is counted like any other failure.
 *
 * <p>Programmatic rather than annotations because the backoff must read each failure's Retry-After
 * ({@link RetryAfterBackoff}) and the thresholds come from one {@code @ConfigMapping}.
 */
@ApplicationScoped
class ApiGuard {

    private final Guard guard;

    ApiGuard(BridgeConfig config, ApiCircuitBreaker breaker) {
        BridgeConfig.FaultTolerance ft = config.polytomic().faultTolerance();
        BridgeConfig.CircuitBreaker cb = ft.circuitBreaker();
        this.guard = Guard.create()
                .withDescription("Polytomic API")
                .withRetry()
                .maxRetries(ft.maxRetries())
                .delay(ft.initialDelay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(ft.maxRetryDuration().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS) // RetryAfterBackoff jitters upwards only
                .whenException(ApiGuard::retriable)
                .withCustomBackoff()
                .strategy(() -> new RetryAfterBackoff(ft))
                .done()
                .done()
                .withCircuitBreaker()
                .name(ApiCircuitBreaker.NAME)
                .requestVolumeThreshold(cb.requestVolumeThreshold())
                .failureRatio(cb.failureRatio())
                .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(cb.successThreshold())
                .when(ApiGuard::breakerFailure)
                .onStateChange(breaker::changed)
                .done()
                // An attempt only builds a non-blocking REST call: moving it to another thread first is pure cost.
                .withThreadOffload(false)
                .build();
        breaker.built();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> Uni<T> call(Supplier<Uni<T>> attempt) {
        // The guard only needs the raw async type to pick its Mutiny strategy.
        return (Uni<T>) guard.get((Supplier) attempt, Uni.class);
    }

    static boolean retriable(Throwable failure) {
        return failure instanceof PolytomicApiException api && api.outcome().retriable();
    }

    static boolean breakerFailure(Throwable failure) {
        return failure instanceof PolytomicApiException api && api.outcome().breakerFailure();
    }
}
