package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.BridgeRecords;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes command results, keyed by sync ID so a sync's results keep their order. */
@ApplicationScoped
public class CommandResults {

    private final BridgeRecords records;
    private final String topic;

    CommandResults(BridgeRecords records, BridgeConfig config) {
        this.records = records;
        this.topic = config.topics().commandResults();
    }

    /** Completes once the broker has the result. */
    public Uni<Void> publish(CommandResult result) {
        return records.send(topic, result.syncId(), result);
    }
}
