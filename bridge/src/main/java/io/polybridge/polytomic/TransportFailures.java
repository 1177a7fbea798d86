package io.polybridge.polytomic;

/** Classifies failures below HTTP (refused, reset, timed out) into outcomes. */
final class TransportFailures {

    private TransportFailures() {}

    static <T> ApiResult<T> toResult(Throwable failure) {
        Outcome outcome = outcomeOf(failure);
        String message =
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return new ApiResult<>(outcome, 0, null, ApiError.ofMessage(message), null);
    }

    /**
     * Refused (or unable to connect in time): the request never left, so the same key may simply be sent again. Any
     * other failure may have come after the request was sent.
     */
    private static Outcome outcomeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return Outcome.CONNECTION_REFUSED;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return Outcome.TIMEOUT;
            }
        }
        return Outcome.CONNECTION_FAILURE;
    }
}
