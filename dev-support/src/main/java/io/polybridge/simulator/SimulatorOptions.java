package io.polybridge.simulator;

import java.time.Duration;

/**
 * How a simulator starts: its port (0 for any free one), the credentials it accepts, and the default lifecycle timing
 * of executions (each sync can override the run duration and cancel delay), and how long an idempotency key's outcome
 * is kept.
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
        Duration idempotencyRetention) {

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
                DEFAULT_IDEMPOTENCY_RETENTION);
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
                idempotencyRetention);
    }

    public SimulatorOptions withApiKey(String key) {
        return new SimulatorOptions(
                port, key, basicUser, basicPassword, createdPhase, runDuration, cancelDelay, idempotencyRetention);
    }

    public SimulatorOptions withBasic(String user, String password) {
        return new SimulatorOptions(
                port, apiKey, user, password, createdPhase, runDuration, cancelDelay, idempotencyRetention);
    }

    public SimulatorOptions withTiming(Duration created, Duration run, Duration cancel) {
        return new SimulatorOptions(port, apiKey, basicUser, basicPassword, created, run, cancel, idempotencyRetention);
    }

    /** How long an idempotency key's outcome is replayed; a key used again after that is a new request. */
    public SimulatorOptions withIdempotencyRetention(Duration retention) {
        return new SimulatorOptions(
                port, apiKey, basicUser, basicPassword, createdPhase, runDuration, cancelDelay, retention);
    }
}
