package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.polybridge.polytomic.ApiMetrics;
import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.Backoff;
import io.polybridge.polytomic.IdempotencyKey;
import io.polybridge.polytomic.Outcome;
import io.polybridge.polytomic.SyncKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Applies one command through the API: the one retry loop of a command, with results as values, bounded by the
 * command's max age. Each step ({@link CommandSteps}) is sent under a key derived from the command; then, by answer:
 *
 * <ul>
 *   <li>2xx: applied. 4xx: rejected; a start's first 409 is a conflict (another execution runs).
 *   <li>5xx, timeout, connection lost (whether it took effect is unknown): read the API's state. The change is there:
 *       applied, confirmed by the state read. It is not: send again under the next key. The API records a 500 under
 *       its key and replays it for a day, so sending the same key again would only fetch that 500.
 *   <li>any other 409 (the key of an earlier attempt may be still in flight, and the docs give no wording to tell):
 *       read the API's state. The change is there: applied. It is not: the conflict stands.
 *   <li>429: again under the next key (a 429 may be recorded under its key too; the docs do not say), no sooner than
 *       its Retry-After.
 *   <li>breaker open, connection refused (never sent): the same key again.
 * </ul>
 *
 * Between attempts it waits the one {@link Backoff}; a backoff is a timer, not a parked thread, and the lane's permit
 * is held meanwhile, which is what keeps a failing API from being flooded. Keys are derived (command, sync, redrive,
 * step, generation), so a restarted bridge walks the same keys and gets their outcomes replayed.
 */
@ApplicationScoped
class CommandApplier {

    /**
     * Clock slack of a start's state read: an execution created up to this long before the command's first attempt
     * (or its requestedAt, when the bridge restarted and no longer knows that attempt) still counts as the command's.
     * Covers the difference between the API's clock and ours or the producer's.
     */
    static final Duration STATE_READ_SLACK = Duration.ofSeconds(30);

    /** When this JVM started: a command requested before may have been sent by an earlier process. */
    private static final Instant PROCESS_START =
            Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

    private final CommandSteps steps;
    private final Backoff backoff;
    private final ApiMetrics metrics;
    private final BridgeConfig.Commands config;
    private final Clock clock = Clock.systemUTC();

    CommandApplier(CommandSteps steps, Backoff backoff, ApiMetrics metrics, BridgeConfig config) {
        this.steps = steps;
        this.backoff = backoff;
        this.metrics = metrics;
        this.config = config.commands();
    }

    /** One command's run: its deadline, when this process first tried it, and whether another may have before. */
    private record Run(SyncCommand command, Instant deadline, Instant since, boolean mayBeReplayed) {}

    /**
     * Where one step stands. {@code verifying}: the next attempt reads state; {@code afterConflict}: that read follows
     * a 409, so a change not there means the conflict stands.
     */
    private record Attempt(
            int number, int generation, boolean verifying, boolean afterConflict, int failures, ApiResult<?> last) {

        Attempt failed(ApiResult<?> answer, int nextGeneration, boolean verify, boolean conflict) {
            return new Attempt(number + 1, nextGeneration, verify, conflict, failures + 1, answer);
        }
    }

    /** The command's outcome: the API's answer, confirmed by state where it did not tell, or expired at max age. */
    Uni<CommandResult> apply(SyncCommand command) {
        Instant now = clock.instant();
        Instant deadline = command.requestedAt().plus(config.maxAge());
        if (!now.isBefore(deadline)) {
            return Uni.createFrom()
                    .item(StepOutcome.expired(null, "older than the max age of " + config.maxAge())
                            .result(command, clock.instant()));
        }
        Instant firstTried = command.requestedAt().isBefore(now) ? command.requestedAt() : now;
        // Commands requested before this process started may have been sent by its predecessor: their 5xx answers
        // may be replays, which the breaker must not count again (see ApiGuard).
        Run run = new Run(
                command,
                deadline,
                firstTried.minus(STATE_READ_SLACK),
                command.requestedAt().isBefore(PROCESS_START));
        // Built with the command's MDC, which the client keeps for the log lines of its reads' retries.
        return Uni.createFrom()
                .deferred(() -> CommandLog.withMdc(command, () -> steps(run, steps.of(command), 0, null)))
                .flatMap(outcome -> activityChecked(command, outcome))
                .map(outcome -> outcome.result(command, clock.instant()));
    }

    /** Runs the steps in order while each is applied; the last one's outcome, confirmed if any was. */
    private Uni<StepOutcome> steps(Run run, List<ApiStep> all, int index, StepOutcome before) {
        return step(run, all.get(index), new Attempt(1, 0, false, false, 0, null))
                .map(outcome -> before != null && before.confirmedByStateRead() ? outcome.confirmed() : outcome)
                .flatMap(outcome -> outcome.outcome() == ResultOutcome.APPLIED && index + 1 < all.size()
                        ? CommandLog.withMdc(run.command(), () -> steps(run, all, index + 1, outcome))
                        : Uni.createFrom().item(outcome));
    }

    private Uni<StepOutcome> step(Run run, ApiStep step, Attempt attempt) {
        if (attempt.verifying()) {
            return step.readState().apply(run.since()).flatMap(read -> afterRead(run, step, attempt, read));
        }
        String key = run.command().idempotencyKey(step.keyStep(), attempt.generation());
        return step.send()
                .apply(new IdempotencyKey(key, run.mayBeReplayed()))
                .flatMap(answer -> afterSend(run, step, attempt, answer));
    }

    private Uni<StepOutcome> afterSend(Run run, ApiStep step, Attempt attempt, ApiResult<?> answer) {
        Outcome outcome = answer.outcome();
        int generation = attempt.generation();
        if (answer.ok()) {
            return done(StepOutcome.applied(answer, CommandSteps.executionId(answer)));
        }
        if (outcome == Outcome.CONFLICT) {
            if (step.conflictMeansRunning() && attempt.number() == 1) {
                return done(StepOutcome.of(ResultOutcome.CONFLICT, answer));
            }
            return later(run, step, attempt.failed(answer, generation, true, true));
        }
        if (!outcome.retriable()) {
            return done(StepOutcome.of(ResultOutcome.REJECTED, answer));
        }
        if (outcome.effectUnknown()) {
            return later(run, step, attempt.failed(answer, generation, true, false));
        }
        // A 429 was not carried out, but may be recorded under its key: the next key. Never sent: the same key.
        int next = outcome == Outcome.RATE_LIMITED ? generation + 1 : generation;
        return later(run, step, attempt.failed(answer, next, false, false));
    }

    private Uni<StepOutcome> afterRead(Run run, ApiStep step, Attempt attempt, StateRead read) {
        switch (read.found()) {
            case APPLIED:
                return done(StepOutcome.confirmedByRead(read.answer(), read.executionId(), attempt.last()));
            case NOT_APPLIED:
                if (attempt.afterConflict()) {
                    return done(StepOutcome.of(ResultOutcome.CONFLICT, attempt.last()));
                }
                // The read just succeeded: send again at once, under the next key.
                Attempt next = new Attempt(
                        attempt.number() + 1,
                        attempt.generation() + 1,
                        false,
                        false,
                        attempt.failures(),
                        attempt.last());
                return CommandLog.withMdc(run.command(), () -> retry(run, step, next));
            default:
                return later(
                        run,
                        step,
                        new Attempt(
                                attempt.number() + 1,
                                attempt.generation(),
                                true,
                                attempt.afterConflict(),
                                attempt.failures() + 1,
                                read.answer()));
        }
    }

    /** The next attempt after the backoff, unless it would come after the command's max age: then it expired. */
    private Uni<StepOutcome> later(Run run, ApiStep step, Attempt next) {
        Duration wait = backoff.after(next.failures(), next.last());
        if (clock.instant().plus(wait).isAfter(run.deadline())) {
            return done(StepOutcome.expired(
                    next.last(), "gave up at max age; last: " + next.last().describe()));
        }
        return Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(wait)
                .flatMap(ignored -> CommandLog.withMdc(run.command(), () -> retry(run, step, next)));
    }

    private Uni<StepOutcome> retry(Run run, ApiStep step, Attempt next) {
        metrics.recordRetry();
        CommandLog.retrying(step.operation(), next.number(), next.verifying(), next.last());
        return step(run, step, next);
    }

    /**
     * Only active model syncs run on a manual trigger, and the docs do not say how the API answers a start of an
     * inactive one: a 4xx, or a 200 with an execution that never runs. After either (never on the way to it), one
     * read of the sync tells, and the producer gets a rejection that says so instead of a run that never starts.
     * Starts are rare (one run at a time per sync) against the poller's status calls every cycle while it runs.
     */
    private Uni<StepOutcome> activityChecked(SyncCommand command, StepOutcome outcome) {
        boolean answered = outcome.outcome() != ResultOutcome.EXPIRED;
        if (command.action() != CommandAction.START || command.kind() != SyncKind.MODEL || !answered) {
            return Uni.createFrom().item(outcome);
        }
        return CommandLog.withMdc(command, () -> steps.definition(command))
                .map(sync -> sync.ok()
                                && sync.body() != null
                                && Boolean.FALSE.equals(sync.body().active())
                        ? outcome.inactive()
                        : outcome);
    }

    private static Uni<StepOutcome> done(StepOutcome outcome) {
        return Uni.createFrom().item(outcome);
    }
}
