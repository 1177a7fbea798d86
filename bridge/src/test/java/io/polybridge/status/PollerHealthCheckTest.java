package io.polybridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.TestConfigs;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the poller counts as stuck for liveness (interval 2 s here, so five missed ones are 10 s). */
class PollerHealthCheckTest {

    private final PollerHealthCheck check = new PollerHealthCheck(
            null,
            null,
            TestConfigs.bridge(Map.of("bridge.status.interval", "2s", "bridge.health.poll-cycle-timeout", "60s")));
    private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void noCycleForFiveIntervalsWhileSyncsAreTrackedIsStuck() {
        assertThat(check.stuck(now, now.minusSeconds(9), null, 3)).isEmpty();
        assertThat(check.stuck(now, now.minusSeconds(11), null, 3))
                .get()
                .asString()
                .contains("no poll cycle for 11 s");
    }

    @Test
    void withNothingTrackedThereIsNothingToBeStuckOn() {
        assertThat(check.stuck(now, now.minusSeconds(3600), null, 0)).isEmpty();
    }

    @Test
    void aLongCycleIsStuckOnlyPastTheCycleTimeout() {
        // Its last tick is old because the cycle itself is running: that alone is no reason.
        assertThat(check.stuck(now, now.minusSeconds(50), now.minusSeconds(50), 3))
                .isEmpty();
        assertThat(check.stuck(now, now.minusSeconds(61), now.minusSeconds(61), 3))
                .get()
                .asString()
                .contains("has run for 61 s");
    }
}
