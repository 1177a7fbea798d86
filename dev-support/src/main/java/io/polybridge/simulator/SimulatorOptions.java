package io.polybridge.simulator;

import java.time.Duration;

/**
 * How a simulator starts: its port (0 for any free one), the credentials it accepts, and the default lifecycle timing
 * of executions (each sync can override the run duration and cancel delay), and how long an idempotency key's outcome
 * is kept.
 *
 * <p>An execution walks through the phases of the real lifecycle: {@code created} for {@code createdPhase}, then
 * waiting ({@code scheduled}, {@code queued} or {@code waiting}) for {@code pendingPhase}, {@code running} for
 * {@code runDuration}, finishing ({@code processing}, or {@code exporting} for bulk syncs) for {@code finishPhase},
 * then its outcome. A zero phase is skipped.
 *
 * @param apiKey accepted as {@code Authorization: Bearer <apiKey>}; null accepts no Bearer key
 * @param basicUser organization ID accepted with {@code basicPassword} as Basic auth; null accepts no Basic auth
 */
public record SimulatorOptions(
        int port,
        String apiKey,
        String basicUser,
        String basicPassword,
        Duration createdPhase,
        Duration runDuration,
        Duration cancelDelay,
        Duration idempotencyRetention,
        Duration pendingPhase,
        Duration finishPhase) {

    public static final String DEFAULT_API_KEY = "sim-api-key";

    /** The API keeps an idempotency key's outcome at least 24 hours. */
    public static final Duration DEFAULT_IDEMPOTENCY_RETENTION = Duration.ofHours(24);

    public static SimulatorOptions defaults() {
        return new SimulatorOptions(
                0,
                DEFAULT_API_KEY,
                null,
                null,
                Duration.ofMillis(50),
                Duration.ofSeconds(2),
                Duration.ofMillis(300),
                DEFAULT_IDEMPOTENCY_RETENTION,
                Duration.ofMillis(50),
                Duration.ofMillis(100));
    }

    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(
                newPort,
                apiKey,
                basicUser,
                basicPassword,
                createdPhase,
                runDuration,
                cancelDelay,
                idempotencyRetention,
                pendingPhase,
                finishPhase);
    }

    public SimulatorOptions withApiKey(String key) {
        return new SimulatorOptions(
                port,
                key,
                basicUser,
                basicPassword,
                createdPhase,
                runDuration,
                cancelDelay,
                idempotencyRetention,
                pendingPhase,
                finishPhase);
    }

    public SimulatorOptions withBasic(String user, String password) {
        return new SimulatorOptions(
                port,
                apiKey,
                user,
                password,
                createdPhase,
                runDuration,
                cancelDelay,
                idempotencyRetention,
                pendingPhase,
                finishPhase);
    }

    public SimulatorOptions withTiming(Duration created, Duration run, Duration cancel) {
        return new SimulatorOptions(
                port,
                apiKey,
                basicUser,
                basicPassword,
                created,
                run,
                cancel,
                idempotencyRetention,
                pendingPhase,
                finishPhase);
    }

    /** How long an idempotency key's outcome is replayed; a key used again after that is a new request. */
    public SimulatorOptions withIdempotencyRetention(Duration retention) {
        return new SimulatorOptions(
                port,
                apiKey,
                basicUser,
                basicPassword,
                createdPhase,
                runDuration,
                cancelDelay,
                retention,
                pendingPhase,
                finishPhase);
    }

    /** How long executions wait before running, and how long they finish (process or export) after running. */
    public SimulatorOptions withPhases(Duration pending, Duration finish) {
        return new SimulatorOptions(
                port,
                apiKey,
                basicUser,
                basicPassword,
                createdPhase,
                runDuration,
                cancelDelay,
                idempotencyRetention,
                pending,
                finish);
    }
}
