package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Applies one command through the API ({@link CommandExecutor}), retrying retriable answers (5xx, 429, timeouts, an
 * open breaker) with backoff and jitter, never before a {@code Retry-After}, until the command's max age; then maps
 * the last answer onto the command's outcome. Non-blocking: a backoff is a timer, not a parked thread.
 */
@ApplicationScoped
class CommandApplier {

    private final CommandExecutor executor;
    private final BridgeConfig.Commands config;
    private final Clock clock = Clock.systemUTC();

    CommandApplier(CommandExecutor executor, BridgeConfig config) {
        this.executor = executor;
        this.config = config.commands();
    }

    /** The command's outcome: the API's answer, or expired once retriable answers last until its max age. */
    Uni<CommandResult> apply(SyncCommand command) {
        Instant deadline = command.requestedAt().plus(config.maxAge());
        if (!clock.instant().isBefore(deadline)) {
            return Uni.createFrom()
                    .item(result(
                            command,
                            ResultOutcome.EXPIRED,
                            null,
                            "older than the max age of " + config.maxAge(),
                            null));
        }
        // A backoff between retries is a timer, not a parked thread; the lane's permit is held meanwhile, which is
        // what keeps a failing API from being flooded.
        return Uni.createFrom()
                // Built with the command's MDC, which the client keeps for the log lines of its own retries.
                .deferred(() -> CommandLog.withMdc(command, () -> executor.execute(command)))
                .flatMap(answer -> failIfRetriable(command, answer))
                .onFailure(RetryLater.class)
                .retry()
                .withBackOff(config.retryDelay(), config.maxRetryDelay())
                .withJitter(0.3)
                .expireAt(deadline.toEpochMilli())
                .onFailure(RetryLater.class)
                .recoverWithItem(failure -> ((RetryLater) failure).result)
                .map(answer -> result(command, answer));
    }

    /** A retriable answer becomes a failure to retry, no sooner than the API's Retry-After. */
    private static Uni<ApiResult<?>> failIfRetriable(SyncCommand command, ApiResult<?> answer) {
        if (!answer.outcome().retriable()) {
            return Uni.createFrom().item(answer);
        }
        Duration wait = answer.retryAfterHint().filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        CommandLog.retrying(command, answer, wait);
        if (wait.isZero()) {
            return Uni.createFrom().failure(new RetryLater(answer));
        }
        return Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(wait)
                .onItem()
                .<ApiResult<?>>transformToUni(ignored -> Uni.createFrom().failure(new RetryLater(answer)));
    }

    private CommandResult result(SyncCommand command, ApiResult<?> answer) {
        Integer status = answer.httpStatus() == 0 ? null : answer.httpStatus();
        if (answer.ok()) {
            return result(command, ResultOutcome.APPLIED, status, "ok", CommandExecutor.executionId(answer));
        }
        if (answer.outcome() == Outcome.CONFLICT) {
            return result(command, ResultOutcome.CONFLICT, status, answer.describe(), null);
        }
        if (answer.outcome().retriable()) {
            return result(
                    command, ResultOutcome.EXPIRED, status, "gave up at max age; last: " + answer.describe(), null);
        }
        return result(command, ResultOutcome.REJECTED, status, answer.describe(), null);
    }

    private CommandResult result(
            SyncCommand c, ResultOutcome outcome, Integer status, String message, String execution) {
        return new CommandResult(
                c.id(), c.syncId(), c.kind(), c.action(), outcome, status, message, execution, clock.instant());
    }

    /** Carries a retriable answer through Mutiny's retry; what is left at the deadline is the expiry reason. */
    private static final class RetryLater extends RuntimeException {
        private final transient ApiResult<?> result;

        RetryLater(ApiResult<?> result) {
            super(result.describe(), null, false, false);
            this.result = result;
        }
    }
}
