package io.polybridge.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.BridgeRecords;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes command results, keyed by sync ID so a sync's results keep their order. */
@ApplicationScoped
public class CommandResults {

    private final BridgeRecords records;
    private final ObjectMapper json;
    private final String topic;

    CommandResults(BridgeRecords records, ObjectMapper json, BridgeConfig config) {
        this.records = records;
        this.json = json;
        this.topic = config.topics().commandResults();
    }

    /** Completes once the broker has the result. */
    public Uni<Void> publish(CommandResult result) {
        return records.send(topic, result.syncId(), write(result));
    }

    private String write(CommandResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("CommandResult is always serializable", e);
        }
    }
}
