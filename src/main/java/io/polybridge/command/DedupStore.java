package io.polybridge.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.BridgeRecords;
import io.polybridge.kafka.PartitionedState;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers finished command IDs for the dedup window: a Caffeine cache in front of a compacted Kafka topic. Each
 * entry is written to the dedup topic partition with the same number as its command's partition, so an instance that
 * is assigned a commands partition restores exactly the entries it needs (see {@code AssignmentRestorer}).
 */
@ApplicationScoped
public class DedupStore implements PartitionedState {

    private final Cache<String, DedupEntry> cache;
    private final BridgeRecords records;
    private final ObjectMapper json;
    private final Duration window;
    private final String topicName;
    private final Clock clock = Clock.systemUTC();

    DedupStore(BridgeConfig config, BridgeRecords records, ObjectMapper json) {
        this.records = records;
        this.json = json;
        this.window = config.commands().dedupWindow();
        this.topicName = config.topics().commandDedup();
        this.cache = Caffeine.newBuilder()
                // Expiry housekeeping is a few map operations: on the caller, not handed to the common pool per write.
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, DedupEntry>creating((key, entry) -> remaining(entry)))
                .maximumSize(config.commands().dedupMaxEntries())
                .build();
    }

    public Optional<DedupEntry> find(String syncId, String commandId) {
        return Optional.ofNullable(cache.getIfPresent(DedupEntry.key(syncId, commandId)));
    }

    /** Remembers the entry now and completes once the dedup topic has it. */
    public Uni<Void> record(int partition, DedupEntry entry) {
        cache.put(entry.key(), entry);
        return records.send(topicName, entry.key(), partition, write(entry));
    }

    @Override
    public String topic() {
        return topicName;
    }

    /** Loads an entry read back from the dedup topic, unless it is older than the window. */
    @Override
    public void restore(int partition, String key, String value) {
        if (value == null) {
            return;
        }
        try {
            DedupEntry entry = json.readValue(value, DedupEntry.class);
            if (!remaining(entry).isZero()) {
                cache.put(entry.key(), entry);
            }
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping an unreadable dedup record: %s", e.getOriginalMessage());
        }
    }

    /** Entries remembered now, after pending evictions; for tests. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Forgets every entry in memory (not on the topic): what a restart does. */
    public void clearMemory() {
        cache.invalidateAll();
    }

    private Duration remaining(DedupEntry entry) {
        Duration left = Duration.between(clock.instant(), entry.finishedAt().plus(window));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private String write(DedupEntry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DedupEntry is always serializable", e);
        }
    }

    Instant now() {
        return clock.instant();
    }
}
