package io.polybridge.polytomic;

/**
 * What an API call came to. This enum is the one table of which outcomes are worth another attempt, which leave it
 * unknown whether a mutation took effect, and which count against the circuit breaker; expected answers (404 unknown
 * sync, 409 already running) are final results, not failures.
 */
public enum Outcome {
    //                         retriable  effect unknown  breaker failure
    OK(false, false, false),
    BAD_REQUEST(false, false, false),
    UNAUTHORIZED(false, false, false),
    FORBIDDEN(false, false, false),
    NOT_FOUND(false, false, false),
    /**
     * 409: another execution is already running, or a request with the same Idempotency-Key is still in flight. The
     * docs give no wording to tell the two apart; the command loop tells them apart by reading state.
     */
    CONFLICT(false, false, false),
    /** 429: refused before it was carried out; the API is up, so the breaker does not count it. */
    RATE_LIMITED(true, false, false),
    /** 5xx (or an unreadable 2xx): the API may have carried the request out before it failed. */
    SERVER_ERROR(true, true, true),
    /** No answer in time (or 408): the request may have been carried out, or may still be. */
    TIMEOUT(true, true, true),
    /** The connection failed after the request may have been sent. */
    CONNECTION_FAILURE(true, true, true),
    /** The connection could not be opened: the request was never sent. */
    CONNECTION_REFUSED(true, false, true),
    /** No call was made: the circuit breaker is open. Wait for it to half-open, then try again. */
    CIRCUIT_OPEN(true, false, false);

    private final boolean retriable;
    private final boolean effectUnknown;
    private final boolean breakerFailure;

    Outcome(boolean retriable, boolean effectUnknown, boolean breakerFailure) {
        this.retriable = retriable;
        this.effectUnknown = effectUnknown;
        this.breakerFailure = breakerFailure;
    }

    /** Worth another attempt later: the API or the way to it failed, or asked us to wait. */
    public boolean retriable() {
        return retriable;
    }

    /**
     * For a mutation: whether it took effect cannot be told from this answer. Sending its key again would only replay
     * a recorded 5xx, so the command loop reads the API's state instead.
     */
    public boolean effectUnknown() {
        return effectUnknown;
    }

    /** True when this outcome says the API is unhealthy, so the circuit breaker counts it. */
    public boolean breakerFailure() {
        return breakerFailure;
    }

    /** Classifies an HTTP status. */
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
