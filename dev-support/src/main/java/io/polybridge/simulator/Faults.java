package io.polybridge.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection, driven by tests (and by {@code /_sim/faults} in dev mode). Every setter returns this for chaining;
 * {@link #clear()} removes every fault. Faults apply to API calls matching the optional path prefix and method.
 */
public final class Faults {

    /** What the simulator does to one call. */
    enum Action {
        NONE,
        OUTAGE,
        RATE_LIMIT,
        ERROR,
        RESET,
        HANG
    }

    private final Clock clock;
    private volatile Random random = new Random(42);
    private volatile Duration latencyMin = Duration.ZERO;
    private volatile Duration latencyMax = Duration.ZERO;
    private volatile double errorRate;
    private volatile int errorStatus = 500;
    private volatile Instant outageUntil;
    private final AtomicInteger outageCalls = new AtomicInteger();
    private final AtomicInteger rateLimitCalls = new AtomicInteger();
    private volatile Instant rateLimitUntil;
    private volatile int retryAfterSeconds = 1;
    private final AtomicInteger resetCalls = new AtomicInteger();
    private volatile double resetRate;
    private final AtomicInteger hangCalls = new AtomicInteger();
    private volatile double hangRate;
    private volatile String pathPrefix;
    private volatile String method;

    Faults(Clock clock) {
        this.clock = clock;
    }

    public Faults seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Every answer waits this long. */
    public Faults latency(Duration fixed) {
        return latency(fixed, fixed);
    }

    /** Every answer waits a random time in [min, max]. */
    public Faults latency(Duration min, Duration max) {
        this.latencyMin = min;
        this.latencyMax = max;
        return this;
    }

    /** A share of calls (0..1) answered with {@code status} instead. */
    public Faults errorRate(double rate, int status) {
        this.errorRate = rate;
        this.errorStatus = status;
        return this;
    }

    /** Every call answered 503 for this long. */
    public Faults outage(Duration duration) {
        this.outageUntil = clock.instant().plus(duration);
        return this;
    }

    /** The next {@code calls} calls answered 503, whenever they come. */
    public Faults outageNext(int calls) {
        this.outageCalls.set(calls);
        return this;
    }

    public Faults endOutage() {
        this.outageUntil = null;
        this.outageCalls.set(0);
        return this;
    }

    /** The next {@code calls} calls answered 429 with {@code Retry-After: seconds}. */
    public Faults rateLimitNext(int calls, int seconds) {
        this.rateLimitCalls.set(calls);
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Every call answered 429 for this long, Retry-After counting down to the window's end. */
    public Faults rateLimitFor(Duration window) {
        this.rateLimitUntil = clock.instant().plus(window);
        return this;
    }

    /** The next {@code calls} calls are applied, then their connection is closed with no answer. */
    public Faults resetNext(int calls) {
        this.resetCalls.set(calls);
        return this;
    }

    public Faults resetRate(double rate) {
        this.resetRate = rate;
        return this;
    }

    /** The next {@code calls} calls are never answered. */
    public Faults hangNext(int calls) {
        this.hangCalls.set(calls);
        return this;
    }

    public Faults hangRate(double rate) {
        this.hangRate = rate;
        return this;
    }

    /** Limits the faults to calls whose path starts with {@code prefix} (null for all). */
    public Faults onlyPath(String prefix) {
        this.pathPrefix = prefix;
        return this;
    }

    /** Limits the faults to one HTTP method (null for all). */
    public Faults onlyMethod(String httpMethod) {
        this.method = httpMethod;
        return this;
    }

    public Faults clear() {
        latencyMin = Duration.ZERO;
        latencyMax = Duration.ZERO;
        errorRate = 0;
        outageUntil = null;
        outageCalls.set(0);
        rateLimitCalls.set(0);
        rateLimitUntil = null;
        resetCalls.set(0);
        resetRate = 0;
        hangCalls.set(0);
        hangRate = 0;
        pathPrefix = null;
        method = null;
        return this;
    }

    /** The end of the current rate-limit window, if one is set. */
    public Instant rateLimitWindowEnd() {
        return rateLimitUntil;
    }

    long latencyMillis() {
        long min = latencyMin.toMillis();
        long max = latencyMax.toMillis();
        return max <= min ? min : min + (long) (random.nextDouble() * (max - min));
    }

    Action decide(String httpMethod, String path) {
        if ((pathPrefix != null && !path.startsWith(pathPrefix)) || (method != null && !method.equals(httpMethod))) {
            return Action.NONE;
        }
        Instant now = clock.instant();
        if ((outageUntil != null && now.isBefore(outageUntil)) || takeOne(outageCalls)) {
            return Action.OUTAGE;
        }
        if ((rateLimitUntil != null && now.isBefore(rateLimitUntil)) || takeOne(rateLimitCalls)) {
            return Action.RATE_LIMIT;
        }
        if (takeOne(hangCalls) || (hangRate > 0 && random.nextDouble() < hangRate)) {
            return Action.HANG;
        }
        if (takeOne(resetCalls) || (resetRate > 0 && random.nextDouble() < resetRate)) {
            return Action.RESET;
        }
        if (errorRate > 0 && random.nextDouble() < errorRate) {
            return Action.ERROR;
        }
        return Action.NONE;
    }

    int errorStatus() {
        return errorStatus;
    }

    String retryAfter() {
        Instant until = rateLimitUntil;
        if (until != null && clock.instant().isBefore(until)) {
            long seconds = Duration.between(clock.instant(), until).toMillis();
            return String.valueOf(Math.max(1, (seconds + 999) / 1000));
        }
        return String.valueOf(retryAfterSeconds);
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
