package io.polybridge.polytomic;

import io.polybridge.config.BridgeConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter that never retries sooner than the API asked: the delay is the larger of the
 * jittered exponential step and the Retry-After (or X-RateLimit-Reset) of the failure being retried.
 *
 * <p>A custom strategy rather than {@code @ExponentialBackoff} because that one cannot see the failure, and Retry-After
 * must win over any computed delay. Jitter only ever lengthens a delay, so it cannot undercut Retry-After.
 */
final class RetryAfterBackoff implements CustomBackoffStrategy {

    private final long maxDelayMillis;
    private final double jitter;
    private long nextBase;

    RetryAfterBackoff(BridgeConfig.FaultTolerance config) {
        this.nextBase = config.initialDelay().toMillis();
        this.maxDelayMillis = config.maxDelay().toMillis();
        this.jitter = config.jitter();
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        long base = Math.min(nextBase, maxDelayMillis);
        nextBase = Math.min(maxDelayMillis, nextBase * 2);
        long jittered =
                base + (long) (base * jitter * ThreadLocalRandom.current().nextDouble());
        long asked = requestedWait(failure);
        return Math.max(jittered, asked);
    }

    static long requestedWait(Throwable failure) {
        if (failure instanceof PolytomicApiException api) {
            return api.result().retryAfterHint().map(Duration::toMillis).orElse(0L);
        }
        return 0L;
    }
}
