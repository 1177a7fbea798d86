package io.polybridge.polytomic;

import java.time.Duration;
import java.util.Optional;

/**
 * The answer to one API call: an outcome, the HTTP status (0 when none came back), the body on success, the parsed
 * error otherwise, and the wait the API asked for on 429.
 */
public record ApiResult<T>(Outcome outcome, int httpStatus, T body, ApiError error, Duration retryAfter) {

    public static <T> ApiResult<T> ok(int status, T body) {
        return new ApiResult<>(Outcome.OK, status, body, null, null);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    public Optional<Duration> retryAfterHint() {
        return Optional.ofNullable(retryAfter);
    }

    /** A short human-readable reason, for results and logs. */
    public String describe() {
        if (ok()) {
            return "ok";
        }
        String message = error == null || error.message() == null ? "" : ": " + error.message();
        return outcome.name().toLowerCase() + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "") + message;
    }
}
