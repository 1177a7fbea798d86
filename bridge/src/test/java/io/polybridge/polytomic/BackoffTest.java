package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.TestConfigs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(TestConfigs.bridge(Map.of(
            "bridge.commands.retry-delay", "100ms",
            "bridge.commands.max-retry-delay", "1s")));

    private static ApiResult<?> answer(Outcome outcome, Duration retryAfter) {
        return new ApiResult<>(outcome, 429, null, null, retryAfter);
    }

    @RepeatedTest(20)
    void growsExponentiallyWithUpwardJitterUpToTheCap() {
        long[] bases = {100, 200, 400, 800, 1000, 1000};
        for (int i = 0; i < bases.length; i++) {
            assertThat(backoff.after(i + 1, answer(Outcome.SERVER_ERROR, null)).toMillis())
                    .isBetween(bases[i], bases[i] + bases[i] / 2);
        }
    }

    @Test
    void neverRetriesSoonerThanRetryAfter() {
        assertThat(backoff.after(1, answer(Outcome.RATE_LIMITED, Duration.ofSeconds(3))))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.after(2, null).toMillis()).isBetween(200L, 300L);
    }

    @Test
    void aHugeFailureCountStaysAtTheCap() {
        assertThat(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), () -> 0.0).after(10_000, null))
                .isEqualTo(Duration.ofSeconds(30));
    }
}
