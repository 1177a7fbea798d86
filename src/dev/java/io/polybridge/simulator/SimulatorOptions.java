package io.polybridge.simulator;

import java.time.Duration;

/**
 * How a simulator starts: its port (0 for any free one), the credentials it accepts, and the default lifecycle timing
 * of executions (each sync can override the run duration and cancel delay).
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
        Duration cancelDelay) {

    public static final String DEFAULT_API_KEY = "sim-api-key";

    public static SimulatorOptions defaults() {
        return new SimulatorOptions(
                0, DEFAULT_API_KEY, null, null, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(300));
    }

    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(newPort, apiKey, basicUser, basicPassword, createdPhase, runDuration, cancelDelay);
    }

    public SimulatorOptions withApiKey(String key) {
        return new SimulatorOptions(port, key, basicUser, basicPassword, createdPhase, runDuration, cancelDelay);
    }

    public SimulatorOptions withBasic(String user, String password) {
        return new SimulatorOptions(port, apiKey, user, password, createdPhase, runDuration, cancelDelay);
    }

    public SimulatorOptions withTiming(Duration created, Duration run, Duration cancel) {
        return new SimulatorOptions(port, apiKey, basicUser, basicPassword, created, run, cancel);
    }
}
