package io.polybridge.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection, driven by tests (and by {@code /_sim/faults} in dev mode). Every setter returns this for chaining;
 * {@link #clear()} removes every fault. Faults apply to API calls matching the optional path prefix and method.
 *
 * <p>Server errors come in two kinds, as in front of the real API. An <em>edge</em> error (502/503/504, an outage) is
 * answered by a gateway before the request reaches the application: nothing is recorded under its Idempotency-Key, so
 * the same key may be sent again. An <em>application</em> error (500, or any status given) is the API's own answer,
 * and the API records it under the key and replays it for the key's lifetime, as its idempotency guide says of
 * errors such as 500. An application error is either raised before the request took effect ({@link #appErrorNext}) or
 * after ({@link #appErrorAfterApplyNext}): a client that got one cannot tell which.
 */
public final class Faults {

    /** What the simulator does to one call. */
    enum Action {
        NONE,
        /** A gateway answers (503 for an outage, else the status given); nothing is recorded under the key. */
        EDGE_ERROR,
        RATE_LIMIT,
        /** The application answers an error without carrying the request out; recorded under the key. */
        APP_ERROR,
        /** The application carries the request out, then answers an error; recorded under the key. */
        APP_ERROR_AFTER_APPLY,
        RESET,
        HANG
    }

    /** The action for one call, with the status it answers where it answers one of its own. */
    record Decision(Action action, int status) {
        static final Decision NONE = new Decision(Action.NONE, 0);
    }

    private final Clock clock;
    private volatile Random random = new Random(42);
    private volatile Duration latencyMin = Duration.ZERO;
    private volatile Duration latencyMax = Duration.ZERO;
    private volatile double errorRate;
    private volatile int errorStatus = 500;
    private volatile Instant outageUntil;
    private final AtomicInteger outageCalls = new AtomicInteger();
    private final AtomicInteger edgeErrorCalls = new AtomicInteger();
    private volatile int edgeErrorStatus = 503;
    private volatile Instant appOutageUntil;
    private volatile int appOutageStatus = 500;
    private final AtomicInteger appErrorCalls = new AtomicInteger();
    private volatile int appErrorStatus = 500;
    private final AtomicInteger appErrorAfterApplyCalls = new AtomicInteger();
    private volatile int appErrorAfterApplyStatus = 500;
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

    /** A share of calls (0..1) answered by the application with {@code status} instead (recorded under the key). */
    public Faults errorRate(double rate, int status) {
        this.errorRate = rate;
        this.errorStatus = status;
        return this;
    }

    /** Every call answered 503 by the edge for this long (nothing recorded under any key). */
    public Faults outage(Duration duration) {
        this.outageUntil = clock.instant().plus(duration);
        return this;
    }

    /** The next {@code calls} calls answered 503 by the edge, whenever they come. */
    public Faults outageNext(int calls) {
        this.outageCalls.set(calls);
        return this;
    }

    /** The next {@code calls} calls answered {@code status} (502, 503, 504) by the edge: not recorded under the key. */
    public Faults edgeErrorNext(int calls, int status) {
        this.edgeErrorStatus = status;
        this.edgeErrorCalls.set(calls);
        return this;
    }

    /**
     * Every call answered {@code status} by the application for this long, the request not carried out: a failing
     * API behind a healthy gateway. Each answer to a request with a key is recorded under it and replayed.
     */
    public Faults appOutage(Duration duration, int status) {
        this.appOutageStatus = status;
        this.appOutageUntil = clock.instant().plus(duration);
        return this;
    }

    /** The next {@code calls} calls answered {@code status} by the application, not carried out; recorded. */
    public Faults appErrorNext(int calls, int status) {
        this.appErrorStatus = status;
        this.appErrorCalls.set(calls);
        return this;
    }

    /** The next {@code calls} calls carried out, then answered {@code status} by the application; recorded. */
    public Faults appErrorAfterApplyNext(int calls, int status) {
        this.appErrorAfterApplyStatus = status;
        this.appErrorAfterApplyCalls.set(calls);
        return this;
    }

    /** Ends every outage, edge or application. */
    public Faults endOutage() {
        this.outageUntil = null;
        this.outageCalls.set(0);
        this.appOutageUntil = null;
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
        edgeErrorCalls.set(0);
        appOutageUntil = null;
        appErrorCalls.set(0);
        appErrorAfterApplyCalls.set(0);
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

    Decision decide(String httpMethod, String path) {
        if ((pathPrefix != null && !path.startsWith(pathPrefix)) || (method != null && !method.equals(httpMethod))) {
            return Decision.NONE;
        }
        Instant now = clock.instant();
        if ((outageUntil != null && now.isBefore(outageUntil)) || takeOne(outageCalls)) {
            return new Decision(Action.EDGE_ERROR, 503);
        }
        if (takeOne(edgeErrorCalls)) {
            return new Decision(Action.EDGE_ERROR, edgeErrorStatus);
        }
        Instant appOutage = appOutageUntil;
        if (appOutage != null && now.isBefore(appOutage)) {
            return new Decision(Action.APP_ERROR, appOutageStatus);
        }
        if ((rateLimitUntil != null && now.isBefore(rateLimitUntil)) || takeOne(rateLimitCalls)) {
            return new Decision(Action.RATE_LIMIT, 429);
        }
        if (takeOne(hangCalls) || (hangRate > 0 && random.nextDouble() < hangRate)) {
            return new Decision(Action.HANG, 0);
        }
        if (takeOne(resetCalls) || (resetRate > 0 && random.nextDouble() < resetRate)) {
            return new Decision(Action.RESET, 0);
        }
        if (takeOne(appErrorAfterApplyCalls)) {
            return new Decision(Action.APP_ERROR_AFTER_APPLY, appErrorAfterApplyStatus);
        }
        if (takeOne(appErrorCalls)) {
            return new Decision(Action.APP_ERROR, appErrorStatus);
        }
        if (errorRate > 0 && random.nextDouble() < errorRate) {
            return new Decision(Action.APP_ERROR, errorStatus);
        }
        return Decision.NONE;
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
