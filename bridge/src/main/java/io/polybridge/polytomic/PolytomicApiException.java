package io.polybridge.polytomic;

/**
 * An answer the circuit breaker counts as a failure. SmallRye's breaker counts exceptions only, so inside
 * {@link ApiGuard} such an answer is thrown, and turned back into the caller's result right outside it: callers never
 * see this exception.
 */
class PolytomicApiException extends RuntimeException {

    private final transient ApiResult<?> result;

    PolytomicApiException(ApiResult<?> result) {
        super(result.describe(), null, false, false);
        this.result = result;
    }

    ApiResult<?> result() {
        return result;
    }
}
