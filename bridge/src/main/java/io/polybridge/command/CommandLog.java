package io.polybridge.command;

import io.polybridge.polytomic.ApiResult;
import io.quarkus.logging.Log;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What the bridge logs about one command, always with its {@code syncId} and {@code commandId} in the MDC (fields of
 * the JSON log line). A command's later steps run on whichever thread delivered the API's answer, so each log call
 * sets the MDC itself rather than relying on the thread the command started on.
 */
final class CommandLog {

    static final String SYNC_ID = "syncId";
    static final String COMMAND_ID = "commandId";

    private CommandLog() {}

    /**
     * Runs {@code work} with the command's MDC fields set; what it logs synchronously carries them. Nests: the fields
     * the thread had before are put back after.
     */
    static <T> T withMdc(SyncCommand command, Supplier<T> work) {
        Object syncBefore = MDC.put(SYNC_ID, command.syncId());
        Object commandBefore = MDC.put(COMMAND_ID, command.id());
        try {
            return work.get();
        } finally {
            restore(SYNC_ID, syncBefore);
            restore(COMMAND_ID, commandBefore);
        }
    }

    private static void restore(String key, Object before) {
        if (before == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, before);
        }
    }

    /**
     * The next attempt of one of a command's calls, and what it follows: debug only, since an outage makes one per
     * command and attempt; the breaker's state changes are logged once as warnings. Called with the command's MDC set.
     */
    static void retrying(String operation, int attempt, boolean readingState, ApiResult<?> after) {
        Log.debugf(
                "API %s: attempt %d%s after %s",
                operation,
                attempt,
                readingState ? " (reading state)" : "",
                after == null ? "nothing" : after.describe());
    }

    /** The command's outcome: refusals and expiries as warnings (they are dead-lettered), the rest at debug level. */
    static void finished(SyncCommand command, CommandResult result) {
        Logger.Level level =
                switch (result.outcome()) {
                    case REJECTED, EXPIRED -> Logger.Level.WARN;
                    case CONFLICT -> Logger.Level.INFO;
                    default -> Logger.Level.DEBUG;
                };
        withMdc(command, () -> {
            Log.logf(
                    level,
                    "%s %s: %s (%s): %s",
                    command.action().wireName(),
                    command.syncId(),
                    result.outcome().wireName(),
                    result.httpStatus() == null ? "no answer" : "HTTP " + result.httpStatus(),
                    result.message());
            return null;
        });
    }
}
