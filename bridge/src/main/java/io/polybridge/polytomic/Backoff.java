package io.polybridge.polytomic;

import io.polybridge.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The one backoff of the bridge, and the one place that honours the API's Retry-After: after the n-th failure in a
 * row, wait {@code retry-delay × 2^(n-1)} up to {@code max-retry-delay}, plus up to half of that at random (so that
 * waiting callers spread out), and never less than what the failure's Retry-After or X-RateLimit-Reset asked for.
 * Jitter only ever lengthens a delay, so it cannot undercut Retry-After.
 */
@ApplicationScoped
public class Backoff {

    /** Share of a delay added at random. */
    static final double JITTER = 0.5;

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    @Inject
    Backoff(BridgeConfig config) {
        this(config.commands().retryDelay(), config.commands().maxRetryDelay(), Math::random);
    }

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /**
     * How long to wait before the next attempt.
     *
     * @param failures failures in a row so far, at least 1
     * @param last the last failure's answer, whose Retry-After wins over a shorter delay
     */
    public Duration after(int failures, ApiResult<?> last) {
        long base = initial.toMillis();
        for (int i = 1; i < failures && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        long jittered = base + (long) (base * JITTER * random.getAsDouble());
        long asked = last == null
                ? 0
                : last.retryAfterHint()
                        .filter(d -> !d.isNegative())
                        .map(Duration::toMillis)
                        .orElse(0L);
        return Duration.ofMillis(Math.max(jittered, asked));
    }
}
