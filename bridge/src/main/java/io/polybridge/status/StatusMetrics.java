package io.polybridge.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tracked syncs, poll cycle duration and calls, status events by type and status, unknown statuses, and tracking that
 * ended without a terminal status.
 */
@ApplicationScoped
class StatusMetrics {

    private final MeterRegistry registry;
    private final Timer cycle;
    private final DistributionSummary callsPerCycle;

    StatusMetrics(MeterRegistry registry, TrackingRegistry tracking) {
        this.registry = registry;
        Gauge.builder("bridge.status.tracked", tracking, t -> t.all().size())
                .description("Syncs tracked by this instance")
                .register(registry);
        this.cycle = Timer.builder("bridge.status.poll.cycle")
                .description("Duration of poll cycles")
                .register(registry);
        this.callsPerCycle = DistributionSummary.builder("bridge.status.poll.calls")
                .description("Status API calls per poll cycle")
                .register(registry);
    }

    void cycle(StatusPoller.CycleStats stats) {
        cycle.record(stats.took());
        callsPerCycle.record(stats.calls());
    }

    /** A hint handled by this instance: where it came from, and what came of it (read, duplicate, deferred, …). */
    void hint(String source, String outcome) {
        Counter.builder("bridge.status.hints")
                .description("Status hints (webhook deliveries, feed events) handled by the sync's owner, by source and"
                        + " outcome")
                .tag("source", source == null ? "unknown" : source)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    void published(StatusEvent event) {
        Counter.builder("bridge.status.events")
                .description("Status events published, by type and status")
                .tag("type", event.type())
                .tag("status", event.status() == null ? "none" : event.status())
                .register(registry)
                .increment();
        if (StatusEvent.TRACKING_ENDED.equals(event.type())) {
            Counter.builder("bridge.status.tracking.ended")
                    .description("Syncs whose tracking ended without a terminal status, by reason")
                    .tag("reason", event.reason() == null ? "none" : event.reason())
                    .register(registry)
                    .increment();
        } else if (!event.knownStatus()) {
            Counter.builder("bridge.status.unknown")
                    .description("Events carrying a status the API definition does not name")
                    .tag("status", event.status() == null ? "none" : event.status())
                    .register(registry)
                    .increment();
        }
    }
}
