package io.polybridge.polytomic;

/** Classifies failures below HTTP (refused, reset, timed out) into retriable outcomes. */
final class TransportFailures {

    private TransportFailures() {}

    static PolytomicApiException toApiException(Throwable failure) {
        if (failure instanceof PolytomicApiException api) {
            return api;
        }
        Outcome outcome = isTimeout(failure) ? Outcome.TIMEOUT : Outcome.CONNECTION_FAILURE;
        String message =
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return new PolytomicApiException(new ApiResult<>(outcome, 0, null, ApiError.ofMessage(message), null), failure);
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
