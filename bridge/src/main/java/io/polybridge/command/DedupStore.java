package io.polybridge.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers finished command IDs for the dedup window: in memory, in front of a compacted Kafka topic. Each
 * entry is written to the dedup topic partition with the same number as its command's partition, so an instance that
 * is assigned a commands partition restores exactly the entries it needs (see {@code AssignmentRestorer}).
 *
 * <p>At most {@code bridge.commands.dedup-max-entries} IDs are remembered; past that the oldest are forgotten first,
 * since the newest are the likeliest to come again. Not a size-bounded cache: a cache's admission policy keeps what was
 * used often, and every ID here is written once and read once, so it turned new IDs away and kept old ones.
 *
 * <p>In memory the entries are a {@link DedupTable}: primitive arrays rather than objects per entry, so that a full
 * store fits a small heap. One lock guards it: each call holds it for a hash lookup or two, far shorter than the rest of
 * a command's path.
 */
@ApplicationScoped
public class DedupStore implements PartitionedState {

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final DedupTable table;

    private final AtomicLong forgottenEarly = new AtomicLong();
    private final long maxEntries;
    private final BridgeRecords records;
    private final ObjectMapper json;
    private final Duration window;
    private final String topicName;
    private final Clock clock = Clock.systemUTC();

    DedupStore(BridgeConfig config, BridgeRecords records, ObjectMapper json, MeterRegistry registry) {
        this.records = records;
        this.json = json;
        this.window = config.commands().dedupWindow();
        this.topicName = config.topics().commandDedup();
        this.maxEntries = config.commands().dedupMaxEntries();
        this.table = new DedupTable(maxEntries);
        FunctionCounter.builder("bridge.commands.dedup.forgotten.early", forgottenEarly, AtomicLong::get)
                .description("Command IDs forgotten before their dedup window ended, because "
                        + "bridge.commands.dedup-max-entries were remembered")
                .register(registry);
    }

    public Optional<DedupEntry> find(String syncId, String commandId) {
        synchronized (lock) {
            return Optional.ofNullable(table.find(syncId, commandId, cutoff()));
        }
    }

    /** Remembers the entry now and completes once the dedup topic has it. */
    public Uni<Void> record(int partition, DedupEntry entry) {
        remember(entry);
        return records.send(topicName, entry.key(), partition, entry);
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
        DedupEntry entry;
        try {
            entry = json.readValue(value, DedupEntry.class);
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping an unreadable dedup record: %s", e.getOriginalMessage());
            return;
        }
        String missing = missingField(entry);
        if (missing != null) {
            Log.warnf("Skipping an unreadable dedup record: no %s", missing);
        } else if (entry.finishedAt().isAfter(cutoff())) {
            remember(entry);
        }
    }

    /** Entries remembered now, after dropping expired ones; for tests. */
    long size() {
        synchronized (lock) {
            return table.size(cutoff());
        }
    }

    /** Forgets every entry in memory (not on the topic): what a restart does. */
    public void clearMemory() {
        synchronized (lock) {
            table.clear();
        }
    }

    /** IDs forgotten before their window ended, to stay within the bound. */
    long forgottenEarly() {
        return forgottenEarly.get();
    }

    private void remember(DedupEntry entry) {
        boolean forgotten;
        synchronized (lock) {
            forgotten = table.put(entry, cutoff());
        }
        if (forgotten && forgottenEarly.getAndIncrement() == 0) {
            Log.warnf(
                    "Dedup store full (%d command IDs): forgetting the oldest before their %s window ends; a copy "
                            + "of one reaches the API again, where its idempotency key makes it a replay (raise "
                            + "bridge.commands.dedup-max-entries)",
                    maxEntries, window);
        }
    }

    /** What the bridge writes always has these; a record without one cannot be matched or answered from. */
    private static String missingField(DedupEntry entry) {
        if (entry.syncId() == null) {
            return "syncId";
        }
        if (entry.commandId() == null) {
            return "commandId";
        }
        if (entry.outcome() == null) {
            return "outcome";
        }
        return entry.finishedAt() == null ? "finishedAt" : null;
    }

    /** Entries that finished at or before this have left the window; read under the lock, so calls see it in order. */
    private Instant cutoff() {
        return clock.instant().minus(window);
    }

    Instant now() {
        return clock.instant();
    }
}
