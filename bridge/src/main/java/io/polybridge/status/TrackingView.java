package io.polybridge.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.CompactedTopicReader;
import io.polybridge.kafka.Partitioner;
import io.polybridge.polytomic.Ids;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every tracked sync, as any instance can see it: those of this instance's partitions from memory (the freshest), the
 * others from the compacted tracking-state topic their owners write after every change. So the HTTP API answers for
 * any sync on whichever instance a load balancer picks.
 */
@ApplicationScoped
class TrackingView {

    private final TrackingRegistry registry;
    private final CompactedTopicReader reader;
    private final ObjectMapper json;
    private final String stateTopic;
    private final String commandsTopic;

    TrackingView(TrackingRegistry registry, CompactedTopicReader reader, ObjectMapper json, BridgeConfig config) {
        this.registry = registry;
        this.reader = reader;
        this.json = json;
        this.stateTopic = config.topics().statusState();
        this.commandsTopic = config.topics().commands();
    }

    Optional<TrackedSync> find(String syncId) {
        if (registry.owns(syncId)) {
            return registry.find(syncId);
        }
        // Its state lives in the partition numbered like its commands' partition.
        int partition = Partitioner.partitionFor(syncId, commandPartitions());
        return Optional.ofNullable(
                        reader.latest(stateTopic, OptionalInt.of(partition)).get(syncId))
                .flatMap(value -> read(syncId, value));
    }

    /** Every tracked sync of every instance, by sync ID. */
    List<TrackedSync> all() {
        List<TrackedSync> all = new ArrayList<>();
        for (Map.Entry<String, String> entry :
                reader.latest(stateTopic, OptionalInt.empty()).entrySet()) {
            // Only syncs: the events feed's cursor shares the topic.
            if (Ids.isUuid(entry.getKey()) && !registry.owns(entry.getKey())) {
                read(entry.getKey(), entry.getValue()).ifPresent(all::add);
            }
        }
        registry.all().stream().filter(t -> registry.owns(t.syncId())).forEach(all::add);
        all.sort(Comparator.comparing(TrackedSync::syncId));
        return all;
    }

    private int commandPartitions() {
        int known = registry.partitionCount();
        return known > 0 ? known : reader.partitionCount(commandsTopic);
    }

    private Optional<TrackedSync> read(String syncId, String value) {
        try {
            return Optional.of(json.readValue(value, TrackedSync.class));
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping unreadable tracking state for %s: %s", syncId, e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
