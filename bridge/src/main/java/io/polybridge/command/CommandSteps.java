package io.polybridge.command;

import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.BulkExecution;
import io.polybridge.polytomic.ExecutionStatus;
import io.polybridge.polytomic.KnownStatus;
import io.polybridge.polytomic.PolytomicClient;
import io.polybridge.polytomic.StartedExecution;
import io.polybridge.polytomic.SyncKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps a command onto the API calls it stands for, and each call onto the state read that tells whether it took
 * effect: the sync's {@code active} for activate and deactivate; an execution created since the command was first
 * tried for start; the running execution's status for cancel.
 */
@ApplicationScoped
class CommandSteps {

    static final String CANCEL_STEP = "cancel";

    /** A cancel took effect once the execution is no longer running: being canceled, or over by any end. */
    private static final Set<KnownStatus> NOT_RUNNING = EnumSet.of(
            KnownStatus.CANCELING,
            KnownStatus.CANCELED,
            KnownStatus.COMPLETED,
            KnownStatus.FAILED,
            KnownStatus.ERRORS,
            KnownStatus.INTERRUPTED);

    private final PolytomicClient client;

    CommandSteps(PolytomicClient client) {
        this.client = client;
    }

    List<ApiStep> of(SyncCommand command) {
        switch (command.action()) {
            case ACTIVATE:
                return List.of(activation(command, true));
            case DEACTIVATE:
                // The API does not cancel a running model execution on deactivate; the command may ask us to.
                if (command.options() instanceof CommandOptions.Deactivate d && d.cancelRunning()) {
                    return List.of(activation(command, false), cancel(command.kind(), command.syncId(), CANCEL_STEP));
                }
                return List.of(activation(command, false));
            case CANCEL:
                if (command.options() instanceof CommandOptions.CancelExecution one) {
                    return List.of(cancelExecution(command.kind(), command.syncId(), one.executionId()));
                }
                return List.of(cancel(command.kind(), command.syncId(), null));
            case START:
                return List.of(start(command));
            default:
                throw new IllegalStateException("every action is handled above: " + command.action());
        }
    }

    /** For a model start: whether the sync is active (inactive model syncs do not run on a manual trigger). */
    Uni<ApiResult<io.polybridge.polytomic.SyncDefinition>> definition(SyncCommand command) {
        return client.syncDefinition(command.kind(), command.syncId());
    }

    private ApiStep activation(SyncCommand command, boolean active) {
        SyncKind kind = command.kind();
        String sync = command.syncId();
        return new ApiStep(
                "activate",
                null,
                key -> widen(client.activate(kind, sync, active, key)),
                since -> client.syncDefinition(kind, sync)
                        .map(r -> r.ok() && r.body() != null
                                ? StateRead.of(Objects.equals(r.body().active(), active), r)
                                : StateRead.failed(r)),
                false);
    }

    private ApiStep cancel(SyncKind kind, String sync, String keyStep) {
        Function<Instant, Uni<StateRead>> read = kind == SyncKind.MODEL
                ? since -> client.modelSyncStatus(sync)
                        .map(r -> r.ok() && r.body() != null
                                ? StateRead.of(
                                        r.body().currentExecution() == null
                                                || notRunning(r.body()
                                                        .currentExecution()
                                                        .status()),
                                        r)
                                : StateRead.failed(r))
                : since -> client.bulkSyncStatus(sync)
                        .map(r -> r.ok() && r.body() != null
                                ? StateRead.of(
                                        r.body().currentExecution() == null
                                                || notRunning(r.body()
                                                        .currentExecution()
                                                        .status()),
                                        r)
                                : StateRead.failed(r));
        return new ApiStep("cancel", keyStep, key -> widen(client.cancel(kind, sync, key)), read, false);
    }

    private ApiStep cancelExecution(SyncKind kind, String sync, String execution) {
        Function<Instant, Uni<StateRead>> read = kind == SyncKind.MODEL
                ? since -> client.modelExecution(sync, execution)
                        .map(r -> r.ok() && r.body() != null
                                ? StateRead.of(notRunning(r.body().status()), r)
                                : StateRead.failed(r))
                : since -> client.bulkExecution(sync, execution)
                        .map(r -> r.ok() && r.body() != null
                                ? StateRead.of(notRunning(r.body().status()), r)
                                : StateRead.failed(r));
        return new ApiStep(
                "cancel-execution",
                null,
                key -> widen(client.cancelExecution(kind, sync, execution, key)),
                read,
                false);
    }

    private ApiStep start(SyncCommand command) {
        String sync = command.syncId();
        if (command.options() instanceof CommandOptions.StartModel model) {
            return new ApiStep(
                    "start",
                    null,
                    key -> widen(client.startModelSync(sync, model.request(), key)),
                    since -> client.modelExecutions(sync)
                            .map(r -> startedSince(r, e -> new Created(e.id(), e.createdAt()), since)),
                    true);
        }
        if (command.options() instanceof CommandOptions.StartBulk bulk) {
            return new ApiStep(
                    "start",
                    null,
                    key -> widen(client.startBulkSync(sync, bulk.request(), key)),
                    since -> client.bulkExecutions(sync)
                            .map(r -> startedSince(r, e -> new Created(e.id(), e.createdAt()), since)),
                    true);
        }
        throw new IllegalStateException("start options are always parsed for the sync kind");
    }

    private record Created(String id, OffsetDateTime at) {}

    /**
     * The start took effect if an execution was created since the command was first tried: the earliest such one is
     * the command's (a sync runs one execution at a time, and a start while one runs is refused).
     */
    private static <E> StateRead startedSince(ApiResult<List<E>> answer, Function<E, Created> created, Instant since) {
        if (!answer.ok() || answer.body() == null) {
            return StateRead.failed(answer);
        }
        return answer.body().stream()
                .map(created)
                .filter(e ->
                        e.id() != null && e.at() != null && !e.at().toInstant().isBefore(since))
                .min(Comparator.comparing(Created::at))
                .map(e -> StateRead.applied(answer, e.id()))
                .orElseGet(() -> StateRead.of(false, answer));
    }

    /** Unknown statuses count as running: the cancel is sent again, which is harmless. */
    private static boolean notRunning(ExecutionStatus status) {
        return status != null && status.known().map(NOT_RUNNING::contains).orElse(false);
    }

    /** The execution a start created, from the API's answer. */
    static String executionId(ApiResult<?> result) {
        if (result.body() instanceof StartedExecution started) {
            return started.id();
        }
        if (result.body() instanceof BulkExecution bulk) {
            return bulk.id();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Uni<ApiResult<?>> widen(Uni<? extends ApiResult<?>> uni) {
        return (Uni<ApiResult<?>>) uni;
    }
}
