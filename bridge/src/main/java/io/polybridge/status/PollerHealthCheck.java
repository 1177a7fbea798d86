package io.polybridge.status;

import io.polybridge.config.BridgeConfig;
import io.polybridge.polytomic.ApiCircuitBreaker;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while poll cycles keep completing: down when none finished for five intervals and the API is not to blame. */
@Readiness
@ApplicationScoped
class PollerHealthCheck implements HealthCheck {

    private static final int MISSED_CYCLES = 5;
    private final StatusPoller poller;
    private final TrackingRegistry registry;
    private final ApiCircuitBreaker breaker;
    private final Duration interval;
    private final Instant startedAt;
    private final Clock clock = Clock.systemUTC();

    PollerHealthCheck(StatusPoller poller, TrackingRegistry registry, ApiCircuitBreaker breaker, BridgeConfig config) {
        this.poller = poller;
        this.registry = registry;
        this.breaker = breaker;
        this.interval = config.status().interval();
        this.startedAt = clock.instant();
    }

    @Override
    public HealthCheckResponse call() {
        StatusPoller.CycleStats last = poller.lastCycle();
        Instant lastAt = last == null ? startedAt : last.finishedAt();
        boolean stale = Duration.between(lastAt, clock.instant()).compareTo(interval.multipliedBy(MISSED_CYCLES)) > 0;
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("status-poller")
                .status(!stale || breaker.isOpen())
                .withData(
                        "lastCycle",
                        last == null ? "none yet" : last.finishedAt().toString())
                // Which commands partitions this instance owns, hence whose syncs it polls.
                .withData(
                        "partitions",
                        registry.ownedPartitions().stream().sorted().toList().toString());
        if (last != null) {
            builder.withData("lastCycleCalls", last.calls()).withData("lastCyclePolled", last.polled());
        }
        return builder.build();
    }
}
