package io.polybridge.polytomic;

/**
 * A retriable outcome, thrown so that fault tolerance retries it and the circuit breaker can count it. Once retries
 * are spent it reaches the caller, which still has the full result.
 */
public class PolytomicApiException extends RuntimeException {

    private final transient ApiResult<?> result;

    public PolytomicApiException(ApiResult<?> result, Throwable cause) {
        super(result.describe(), cause, false, false);
        this.result = result;
    }

    public ApiResult<?> result() {
        return result;
    }

    public Outcome outcome() {
        return result.outcome();
    }
}
