package io.polybridge.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Commands by action, sync type and outcome; dedup hits; dead-lettered records by reason. */
@ApplicationScoped
class CommandMetrics {

    private static final String NONE = "none";
    private final MeterRegistry registry;
    private final Counter dedupHits;

    CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.dedupHits = Counter.builder("bridge.commands.dedup.hits")
                .description("Commands not applied because their ID was applied before")
                .register(registry);
    }

    void finished(CommandResult result) {
        Counter.builder("bridge.commands")
                .description("Commands processed, by action, sync type and outcome")
                .tag("action", result.action() == null ? NONE : result.action().wireName())
                .tag(
                        "sync_type",
                        result.syncType() == null ? NONE : result.syncType().wireName())
                .tag("outcome", result.outcome().wireName())
                .register(registry)
                .increment();
        if (result.outcome() == ResultOutcome.DUPLICATE) {
            dedupHits.increment();
        }
    }

    void deadLettered(String reason) {
        Counter.builder("bridge.dlq")
                .description("Records sent to the dead-letter topic, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
