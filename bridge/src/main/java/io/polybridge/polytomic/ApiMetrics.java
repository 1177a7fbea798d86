package io.polybridge.polytomic;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * API call latency by operation and outcome, retries, the breaker's state (0 closed, 1 half-open, 2 open) and the
 * credential's (0 accepted, 1 unverified, 2 rejected).
 */
// Created at start-up, not at the first API call: a bridge without a credential makes none, and must still show it.
@Startup
@ApplicationScoped
public class ApiMetrics {

    private final MeterRegistry registry;
    private final Counter retries;
    // Looked up once per operation and outcome rather than built and registered again for every call.
    private final ConcurrentMap<String, Timer> calls = new ConcurrentHashMap<>();

    ApiMetrics(MeterRegistry registry, ApiCircuitBreaker breaker, PolytomicCredential credential) {
        this.registry = registry;
        this.retries = Counter.builder("bridge.api.retries")
                .description(
                        "API attempts after a retriable outcome: a read's, or a command's (same key, new key or state read)")
                .register(registry);
        Gauge.builder("bridge.api.breaker.state", breaker, b -> stateValue(b.state()))
                .description("Polytomic API circuit breaker: 0 closed, 1 half-open, 2 open")
                .register(registry);
        Gauge.builder("bridge.api.credential.state", credential, c -> credentialValue(c.state()))
                .description("Polytomic credential: 0 accepted, 1 not checked yet or unverified, 2 rejected")
                .register(registry);
    }

    private static double credentialValue(PolytomicCredential.State state) {
        if (state == PolytomicCredential.State.ACCEPTED) {
            return 0;
        }
        return state == PolytomicCredential.State.REJECTED ? 2 : 1;
    }

    void recordCall(String operation, Outcome outcome, Duration took) {
        calls.computeIfAbsent(operation + '/' + outcome.name(), key -> Timer.builder("bridge.api.calls")
                        .description("Polytomic API calls (each attempt) by operation and outcome")
                        .tag("operation", operation)
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(took);
    }

    public void recordRetry() {
        retries.increment();
    }

    private static double stateValue(CircuitBreakerState state) {
        if (state == CircuitBreakerState.OPEN) {
            return 2;
        }
        return state == CircuitBreakerState.HALF_OPEN ? 1 : 0;
    }
}
