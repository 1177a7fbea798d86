package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.TestConfigs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryAfterBackoffTest {

    private final RetryAfterBackoff backoff = new RetryAfterBackoff(TestConfigs.bridge(Map.of(
                    "bridge.polytomic.fault-tolerance.initial-delay", "100ms",
                    "bridge.polytomic.fault-tolerance.max-delay", "1s",
                    "bridge.polytomic.fault-tolerance.jitter", "0.5"))
            .polytomic()
            .faultTolerance());

    private static PolytomicApiException failure(Outcome outcome, Duration retryAfter) {
        return new PolytomicApiException(new ApiResult<>(outcome, 429, null, null, retryAfter), null);
    }

    @RepeatedTest(20)
    void growsExponentiallyWithUpwardJitterUpToTheCap() {
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = backoff.nextDelayInMillis(failure(Outcome.SERVER_ERROR, null));
        }
        long[] bases = {100, 200, 400, 800, 1000, 1000};
        for (int i = 0; i < delays.length; i++) {
            assertThat(delays[i]).isBetween(bases[i], bases[i] + bases[i] / 2);
        }
    }

    @Test
    void neverRetriesSoonerThanRetryAfter() {
        assertThat(backoff.nextDelayInMillis(failure(Outcome.RATE_LIMITED, Duration.ofSeconds(3))))
                .isGreaterThanOrEqualTo(3000);
        assertThat(backoff.nextDelayInMillis(new RuntimeException("no hint"))).isBetween(200L, 300L);
    }
}
