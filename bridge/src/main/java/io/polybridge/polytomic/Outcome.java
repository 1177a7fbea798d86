package io.polybridge.polytomic;

/**
 * What an API call came to. This enum is the one table of which outcomes are retried and which count against the
 * circuit breaker; expected answers (404 unknown sync, 409 already running) are final results, not failures.
 */
public enum Outcome {
    //                       retriable  breaker failure
    OK(false, false),
    BAD_REQUEST(false, false),
    UNAUTHORIZED(false, false),
    FORBIDDEN(false, false),
    NOT_FOUND(false, false),
    /** 409: another execution is already running (or the resource is otherwise in the way). */
    CONFLICT(false, false),
    /** 409 because a request with the same Idempotency-Key is still being processed: wait, then retry. */
    IDEMPOTENCY_IN_FLIGHT(true, false),
    /** 429: retried no sooner than Retry-After; the API is up, so the breaker does not count it. */
    RATE_LIMITED(true, false),
    SERVER_ERROR(true, true),
    TIMEOUT(true, true),
    CONNECTION_FAILURE(true, true),
    /** No call was made: the circuit breaker is open. Wait for it to half-open, then try again. */
    CIRCUIT_OPEN(true, false);

    private final boolean retriable;
    private final boolean breakerFailure;

    Outcome(boolean retriable, boolean breakerFailure) {
        this.retriable = retriable;
        this.breakerFailure = breakerFailure;
    }

    public boolean retriable() {
        return retriable;
    }

    /** True when this outcome says the API is unhealthy, so the circuit breaker counts it. */
    public boolean breakerFailure() {
        return breakerFailure;
    }

    /** Classifies an HTTP status; 409 is refined by the error body (see {@link ResponseMapper}). */
    static Outcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return OK;
        }
        if (status == 401) {
            return UNAUTHORIZED;
        }
        if (status == 403) {
            return FORBIDDEN;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 408) {
            return TIMEOUT;
        }
        if (status == 409) {
            return CONFLICT;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        // Other 4xx (400, 405, 422, …): the request itself is wrong; sending it again changes nothing.
        return BAD_REQUEST;
    }
}
