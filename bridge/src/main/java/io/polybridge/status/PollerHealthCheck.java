package io.polybridge.status;

import io.polybridge.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while status polling keeps going, as far as a restart could help: down when syncs are tracked and the scheduler
 * has not fired for {@value #MISSED_CYCLES} intervals, or one cycle has run for {@code bridge.health.poll-cycle-timeout}.
 * Cycles skipped on purpose (breaker open, credential rejected) count as firing: they are no reason for a restart.
 */
@Liveness
@ApplicationScoped
class PollerHealthCheck implements HealthCheck {

    static final int MISSED_CYCLES = 5;
    private final StatusPoller poller;
    private final TrackingRegistry registry;
    private final Duration interval;
    private final Duration cycleTimeout;
    private final Instant startedAt;
    private final Clock clock = Clock.systemUTC();

    PollerHealthCheck(StatusPoller poller, TrackingRegistry registry, BridgeConfig config) {
        this.poller = poller;
        this.registry = registry;
        this.interval = config.status().interval();
        this.cycleTimeout = config.health().pollCycleTimeout();
        this.startedAt = clock.instant();
    }

    @Override
    public HealthCheckResponse call() {
        StatusPoller.CycleStats last = poller.lastCycle();
        Optional<String> stuck = stuck(
                clock.instant(),
                poller.lastTick() == null ? startedAt : poller.lastTick(),
                poller.cycleStartedAt(),
                registry.all().size());
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("status-poller")
                .status(stuck.isEmpty())
                .withData(
                        "lastCycle",
                        last == null ? "none yet" : last.finishedAt().toString())
                .withData("tracked", registry.all().size())
                // Which commands partitions this instance owns, hence whose syncs it polls.
                .withData(
                        "partitions",
                        registry.ownedPartitions().stream().sorted().toList().toString());
        poller.pausedFor().ifPresent(reason -> builder.withData("paused", reason));
        stuck.ifPresent(reason -> builder.withData("stuck", reason));
        if (last != null) {
            builder.withData("lastCycleCalls", last.calls()).withData("lastCyclePolled", last.polled());
        }
        return builder.build();
    }

    /** Why polling looks stuck, if it does: the rules, apart from where their inputs come from. */
    Optional<String> stuck(Instant now, Instant lastTick, Instant cycleStartedAt, int tracked) {
        if (tracked == 0) {
            return Optional.empty();
        }
        if (cycleStartedAt != null) {
            Duration running = Duration.between(cycleStartedAt, now);
            return running.compareTo(cycleTimeout) > 0
                    ? Optional.of("a poll cycle has run for " + running.toSeconds() + " s")
                    : Optional.empty();
        }
        Duration quiet = Duration.between(lastTick, now);
        return quiet.compareTo(interval.multipliedBy(MISSED_CYCLES)) > 0
                ? Optional.of("no poll cycle for " + quiet.toSeconds() + " s with " + tracked + " syncs tracked")
                : Optional.empty();
    }
}
