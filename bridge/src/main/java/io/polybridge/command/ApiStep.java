package io.polybridge.command;

import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.IdempotencyKey;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.function.Function;

/**
 * One API call a command stands for, and how to tell from the API's state whether it took effect (a deactivate with
 * {@code cancelRunning} has two). Built by {@link CommandSteps}; run by {@link CommandApplier}'s loop.
 *
 * @param operation the client's name of the call, for logs
 * @param keyStep null, or the name of a command's second call: part of its Idempotency-Key
 * @param send one attempt under the given key
 * @param readState whether the change is there; {@code since} is the earliest time an execution the command created
 *     can have
 * @param conflictMeansRunning a 409 to the step's first attempt is the documented "an execution is already running"
 *     (start), not possibly the key of an earlier attempt still in flight
 */
record ApiStep(
        String operation,
        String keyStep,
        Function<IdempotencyKey, Uni<ApiResult<?>>> send,
        Function<Instant, Uni<StateRead>> readState,
        boolean conflictMeansRunning) {}
