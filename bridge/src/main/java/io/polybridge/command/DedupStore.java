package io.polybridge.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Interner;
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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers finished command IDs for the dedup window: a Caffeine cache in front of a compacted Kafka topic. Each
 * entry is written to the dedup topic partition with the same number as its command's partition, so an instance that
 * is assigned a commands partition restores exactly the entries it needs (see {@code AssignmentRestorer}).
 *
 * <p>At most {@code bridge.commands.dedup-max-entries} IDs are remembered; past that the oldest are forgotten first,
 * since the newest are the likeliest to come again. The cache's own size bound is not used for that: its admission
 * policy keeps what was used often, and every ID here is written once and read once, so it turned new IDs away and
 * kept old ones.
 */
@ApplicationScoped
public class DedupStore implements PartitionedState {

    /**
     * An entry's key in memory: the entry's own two strings, not the joined {@code sync/command} string the topic is
     * keyed by. Joined, the key took a string of its own per entry (two, with the age queue's copy), about a third
     * of an entry's heap; at the default bound of 200,000 entries that was tens of MiB of a small heap.
     */
    private record Id(String syncId, String commandId) {
        static Id of(DedupEntry entry) {
            return new Id(entry.syncId(), entry.commandId());
        }
    }

    private final Cache<Id, DedupEntry> cache;
    /** One copy of each sync's ID for all its remembered commands, rather than one per command. */
    private final Interner<String> syncIds = Interner.newWeakInterner();
    /** Entries in the order remembered. */
    private final Queue<DedupEntry> byAge = new ConcurrentLinkedQueue<>();

    private final AtomicInteger inQueue = new AtomicInteger();
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
        this.cache = Caffeine.newBuilder()
                // Expiry housekeeping is a few map operations: on the caller, not handed to the common pool per write.
                .executor(Runnable::run)
                .expireAfter(Expiry.<Id, DedupEntry>creating((key, entry) -> remaining(entry)))
                .build();
        FunctionCounter.builder("bridge.commands.dedup.forgotten.early", forgottenEarly, AtomicLong::get)
                .description("Command IDs forgotten before their dedup window ended, because "
                        + "bridge.commands.dedup-max-entries were remembered")
                .register(registry);
    }

    public Optional<DedupEntry> find(String syncId, String commandId) {
        return Optional.ofNullable(cache.getIfPresent(new Id(syncId, commandId)));
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
        try {
            DedupEntry entry = json.readValue(value, DedupEntry.class);
            if (!remaining(entry).isZero()) {
                remember(entry);
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
        byAge.clear();
        inQueue.set(0);
    }

    /** IDs forgotten before their window ended, to stay within the bound. */
    long forgottenEarly() {
        return forgottenEarly.get();
    }

    private void remember(DedupEntry received) {
        DedupEntry entry = new DedupEntry(
                syncIds.intern(received.syncId()),
                received.commandId(),
                received.outcome(),
                received.httpStatus(),
                received.executionId(),
                received.finishedAt());
        cache.put(Id.of(entry), entry);
        byAge.add(entry);
        if (inQueue.incrementAndGet() > maxEntries) {
            forgetOldest();
        }
    }

    /** Takes out the oldest remembered entry, unless the cache has dropped it already or holds a newer one. */
    private void forgetOldest() {
        DedupEntry oldest = byAge.poll();
        if (oldest == null) {
            return;
        }
        inQueue.decrementAndGet();
        boolean removed = cache.asMap().remove(Id.of(oldest), oldest);
        if (removed && !remaining(oldest).isZero() && forgottenEarly.getAndIncrement() == 0) {
            Log.warnf(
                    "Dedup store full (%d command IDs): forgetting the oldest before their %s window ends; a copy "
                            + "of one reaches the API again, where its idempotency key makes it a replay (raise "
                            + "bridge.commands.dedup-max-entries)",
                    maxEntries, window);
        }
    }

    private Duration remaining(DedupEntry entry) {
        Duration left = Duration.between(clock.instant(), entry.finishedAt().plus(window));
        return left.isNegative() ? Duration.ZERO : left;
    }

    Instant now() {
        return clock.instant();
    }
}
