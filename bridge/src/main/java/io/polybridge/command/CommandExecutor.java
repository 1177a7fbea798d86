package io.polybridge.command;

import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.PolytomicClient;
import io.polybridge.polytomic.SyncKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Maps one command onto the API calls it stands for; one attempt, no retry of its own. */
@ApplicationScoped
class CommandExecutor {

    static final String CANCEL_STEP = "cancel";

    private final PolytomicClient client;

    CommandExecutor(PolytomicClient client) {
        this.client = client;
    }

    /** The API's answer; for start, {@link #executionId} reads the new execution from it. */
    Uni<ApiResult<?>> execute(SyncCommand command) {
        switch (command.action()) {
            case ACTIVATE:
                return widen(client.activate(command.kind(), command.syncId(), true, command.idempotencyKey(null)));
            case DEACTIVATE:
                return deactivate(command);
            case CANCEL:
                return cancel(command);
            case START:
                return start(command);
            default:
                throw new IllegalStateException("every action is handled above: " + command.action());
        }
    }

    private Uni<ApiResult<?>> deactivate(SyncCommand command) {
        Uni<ApiResult<?>> deactivate =
                widen(client.activate(command.kind(), command.syncId(), false, command.idempotencyKey(null)));
        if (!(command.options() instanceof CommandOptions.Deactivate d) || !d.cancelRunning()) {
            return deactivate;
        }
        // The API does not cancel a running model execution on deactivate; the command asked us to.
        // Built on the thread of the deactivate's answer: with the command's MDC, for the log lines of its retries.
        return deactivate.flatMap(result -> result.ok()
                ? CommandLog.withMdc(
                        command,
                        () -> widen(
                                client.cancel(SyncKind.MODEL, command.syncId(), command.idempotencyKey(CANCEL_STEP))))
                : Uni.createFrom().item(result));
    }

    private Uni<ApiResult<?>> cancel(SyncCommand command) {
        if (command.options() instanceof CommandOptions.CancelExecution one) {
            return widen(client.cancelBulkExecution(command.syncId(), one.executionId(), command.idempotencyKey(null)));
        }
        return widen(client.cancel(command.kind(), command.syncId(), command.idempotencyKey(null)));
    }

    private Uni<ApiResult<?>> start(SyncCommand command) {
        if (command.options() instanceof CommandOptions.StartModel model) {
            return widen(client.startModelSync(command.syncId(), model.request(), command.idempotencyKey(null)));
        }
        if (command.options() instanceof CommandOptions.StartBulk bulk) {
            return widen(client.startBulkSync(command.syncId(), bulk.request(), command.idempotencyKey(null)));
        }
        throw new IllegalStateException("start options are always parsed for the sync kind");
    }

    /** The execution a start created, from the API's answer. */
    static String executionId(ApiResult<?> result) {
        if (result.body() instanceof io.polybridge.polytomic.StartedExecution started) {
            return started.id();
        }
        if (result.body() instanceof io.polybridge.polytomic.BulkExecution bulk) {
            return bulk.id();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Uni<ApiResult<?>> widen(Uni<? extends ApiResult<?>> uni) {
        return (Uni<ApiResult<?>>) uni;
    }
}
