package io.polybridge.command;

import io.polybridge.polytomic.ApiResult;
import java.time.Instant;

/**
 * What the command loop came to, before it becomes the command's {@link CommandResult}.
 *
 * @param answer the answer the outcome rests on: the call's, or the state read's; null when no call was made
 * @param confirmedByStateRead the call's answer did not tell, the API's state did
 */
record StepOutcome(
        ResultOutcome outcome, ApiResult<?> answer, String executionId, boolean confirmedByStateRead, String message) {

    static StepOutcome applied(ApiResult<?> answer, String executionId) {
        return new StepOutcome(ResultOutcome.APPLIED, answer, executionId, false, "ok");
    }

    /** Applied as the state read shows, after {@code after} left it unknown. */
    static StepOutcome confirmedByRead(ApiResult<?> read, String executionId, ApiResult<?> after) {
        String message =
                "ok, confirmed by reading state after " + (after == null ? "an unknown answer" : after.describe());
        return new StepOutcome(ResultOutcome.APPLIED, read, executionId, true, message);
    }

    static StepOutcome of(ResultOutcome outcome, ApiResult<?> answer) {
        return new StepOutcome(outcome, answer, null, false, answer.describe());
    }

    static StepOutcome expired(ApiResult<?> last, String message) {
        return new StepOutcome(ResultOutcome.EXPIRED, last, null, false, message);
    }

    StepOutcome confirmed() {
        return new StepOutcome(outcome, answer, executionId, true, message);
    }

    /**
     * A model start of an inactive sync: whatever the API answered, no run will start. Rejected (and dead-lettered,
     * so it can be redriven once the sync is active), saying why.
     */
    StepOutcome inactive() {
        String detail = executionId != null
                ? "the API created execution " + executionId + ", which will not run"
                : "API: " + (answer == null ? "no answer" : answer.describe());
        return new StepOutcome(
                ResultOutcome.REJECTED,
                answer,
                executionId,
                confirmedByStateRead,
                "sync-inactive: inactive model syncs do not run on a manual trigger; activate the sync, then redrive"
                        + " this command (" + detail + ")");
    }

    CommandResult result(SyncCommand c, Instant at) {
        Integer status = answer == null || answer.httpStatus() == 0 ? null : answer.httpStatus();
        return new CommandResult(
                c.id(),
                c.syncId(),
                c.kind(),
                c.action(),
                outcome,
                status,
                message,
                outcome == ResultOutcome.APPLIED || outcome == ResultOutcome.REJECTED ? executionId : null,
                confirmedByStateRead ? CommandResult.Confirmation.STATE_READ : null,
                at);
    }
}
