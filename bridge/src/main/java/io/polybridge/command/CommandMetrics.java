package io.polybridge.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Commands by action, sync type and outcome; dedup hits; dead-lettered records by reason. */
@ApplicationScoped
class CommandMetrics {

    private static final String NONE = "none";
    private final MeterRegistry registry;
    private final Counter dedupHits;
    // Looked up once per tag combination rather than built and registered again for every command.
    private final ConcurrentMap<String, Counter> finished = new ConcurrentHashMap<>();

    CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.dedupHits = Counter.builder("bridge.commands.dedup.hits")
                .description("Commands not applied because their ID was applied before")
                .register(registry);
    }

    void finished(CommandResult result) {
        String action = result.action() == null ? NONE : result.action().wireName();
        String syncType = result.syncType() == null ? NONE : result.syncType().wireName();
        String outcome = result.outcome().wireName();
        finished.computeIfAbsent(action + '/' + syncType + '/' + outcome, key -> Counter.builder("bridge.commands")
                        .description("Commands processed, by action, sync type and outcome")
                        .tag("action", action)
                        .tag("sync_type", syncType)
                        .tag("outcome", outcome)
                        .register(registry))
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
