package io.polybridge.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.command.CommandAction;
import io.polybridge.command.CommandOptions;
import io.polybridge.command.CommandResult;
import io.polybridge.command.ResultOutcome;
import io.polybridge.command.SyncCommand;
import io.polybridge.command.SyncWatch;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.BridgeRecords;
import io.polybridge.kafka.PartitionedState;
import io.polybridge.kafka.Partitioner;
import io.polybridge.polytomic.SyncKind;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * The syncs this instance tracks: those of its commands partitions that received a command, plus the watch list.
 * Every change is written to the compacted tracking-state topic (same partition number as the sync's commands), and a
 * sync whose tracking ends gets a tombstone there; a new owner restores them before it polls.
 */
@ApplicationScoped
public class TrackingRegistry implements SyncWatch, PartitionedState {

    private static final Comparator<TrackedSync> EARLIEST_FIRST = Comparator.comparing(TrackedSync::nextPollAt);
    private static final Comparator<TrackedSync> LATEST_FIRST = EARLIEST_FIRST.reversed();

    private final ConcurrentMap<String, TrackedSync> syncs = new ConcurrentHashMap<>();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile int partitionCount;
    private final BridgeRecords records;
    private final ObjectMapper json;
    private final BridgeConfig.Status config;
    private final String topicName;
    private final Clock clock = Clock.systemUTC();

    TrackingRegistry(BridgeRecords records, ObjectMapper json, BridgeConfig config) {
        this.records = records;
        this.json = json;
        this.config = config.status();
        this.topicName = config.topics().statusState();
    }

    @Override
    public void commandFinished(SyncCommand command, CommandResult result, int partition) {
        if (result.outcome() != ResultOutcome.APPLIED && result.outcome() != ResultOutcome.CONFLICT) {
            return;
        }
        Instant now = clock.instant();
        if (command.action() == CommandAction.RECONCILE) {
            // Due now, and news judged from when tracking began as before: a run that ended unseen is still news.
            TrackedSync due = syncs.compute(
                    command.syncId(),
                    (id, current) -> current == null
                            ? TrackedSync.start(id, command.kind(), partition, now, false)
                            : current.polled(now, 0));
            persist(due).subscribe().with(ok -> {}, f -> Log.warnf("Tracking state not saved: %s", f.getMessage()));
            return;
        }
        TrackedSync updated = syncs.compute(command.syncId(), (id, current) -> {
            TrackedSync base = current == null
                    ? TrackedSync.start(id, command.kind(), partition, now, false)
                    : current.restartedAt(now, false);
            if (command.action() == CommandAction.START && result.executionId() != null) {
                return base.expectingExecution(result.executionId());
            }
            return cancels(command) ? base.cancelRequested(now) : base;
        });
        persist(updated).subscribe().with(ok -> {}, f -> Log.warnf("Tracking state not saved: %s", f.getMessage()));
    }

    private static boolean cancels(SyncCommand command) {
        if (command.action() == CommandAction.CANCEL) {
            return true;
        }
        if (command.action() != CommandAction.DEACTIVATE) {
            return false;
        }
        // Deactivating a bulk sync cancels its execution; a model sync only when the command asks for it.
        return command.kind() == SyncKind.BULK
                || (command.options() instanceof CommandOptions.Deactivate d && d.cancelRunning());
    }

    /**
     * Syncs due for a poll, most overdue first: at most {@code maxBulk} bulk and {@code maxModel} model syncs, what one
     * cycle can poll. Selected without sorting every due sync, since thousands may be waiting for their first poll.
     */
    public List<TrackedSync> due(Instant now, int maxBulk, int maxModel) {
        PriorityQueue<TrackedSync> bulk = new PriorityQueue<>(LATEST_FIRST);
        PriorityQueue<TrackedSync> model = new PriorityQueue<>(LATEST_FIRST);
        for (TrackedSync tracked : syncs.values()) {
            if (owned.contains(tracked.partition()) && !tracked.nextPollAt().isAfter(now)) {
                if (tracked.kind() == SyncKind.BULK) {
                    keepEarliest(bulk, maxBulk, tracked);
                } else if (tracked.kind() == SyncKind.MODEL) {
                    keepEarliest(model, maxModel, tracked);
                }
            }
        }
        List<TrackedSync> due = new ArrayList<>(bulk.size() + model.size());
        due.addAll(bulk);
        due.addAll(model);
        due.sort(EARLIEST_FIRST);
        return due;
    }

    /** Keeps the {@code limit} most overdue syncs offered: the queue's head is the least overdue kept. */
    private static void keepEarliest(PriorityQueue<TrackedSync> kept, int limit, TrackedSync offered) {
        if (kept.size() < limit) {
            kept.add(offered);
        } else if (limit > 0 && offered.nextPollAt().isBefore(kept.peek().nextPollAt())) {
            kept.poll();
            kept.add(offered);
        }
    }

    public Collection<TrackedSync> all() {
        return List.copyOf(syncs.values());
    }

    public Optional<TrackedSync> find(String syncId) {
        return Optional.ofNullable(syncs.get(syncId));
    }

    /** Applies a change atomically; the caller persists the result. */
    TrackedSync update(String syncId, UnaryOperator<TrackedSync> change) {
        return syncs.computeIfPresent(syncId, (id, current) -> change.apply(current));
    }

    /** Starts tracking a sync found by an organization-wide watch, if this instance owns it. */
    void watchIfOwned(String syncId, SyncKind kind) {
        if (partitionCount == 0) {
            return;
        }
        int partition = Partitioner.partitionFor(syncId, partitionCount);
        if (owned.contains(partition)) {
            syncs.computeIfAbsent(syncId, id -> TrackedSync.start(id, kind, partition, clock.instant(), true));
        }
    }

    /** Whether this instance owns the sync's commands partition, hence tracks and polls it. */
    public boolean owns(String syncId) {
        int count = partitionCount;
        return count > 0 && owned.contains(Partitioner.partitionFor(syncId, count));
    }

    /** How many partitions the commands topic has, as of the last assignment; 0 before the first. */
    public int partitionCount() {
        return partitionCount;
    }

    Uni<Void> persist(TrackedSync tracked) {
        return records.send(topicName, tracked.syncId(), tracked.partition(), tracked);
    }

    /** Ends tracking: out of memory, tombstone on the topic. */
    Uni<Void> forget(TrackedSync tracked) {
        syncs.remove(tracked.syncId(), tracked);
        return records.send(topicName, tracked.syncId(), tracked.partition(), null);
    }

    @Override
    public String topic() {
        return topicName;
    }

    @Override
    public void restore(int partition, String key, String value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            syncs.remove(key);
            return;
        }
        try {
            syncs.put(key, json.readValue(value, TrackedSync.class));
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping unreadable tracking state for %s: %s", key, e.getOriginalMessage());
        }
    }

    @Override
    public void assigned(Set<Integer> partitions, int partitionCount) {
        owned.addAll(partitions);
        this.partitionCount = partitionCount;
        Instant now = clock.instant();
        watchList(config.watchModelSyncs(), SyncKind.MODEL, partitionCount, now);
        watchList(config.watchBulkSyncs(), SyncKind.BULK, partitionCount, now);
        Log.infof("Now tracking %d syncs of partitions %s", syncs.size(), owned);
    }

    @Override
    public void revoked(Set<Integer> partitions) {
        owned.removeAll(partitions);
        syncs.values().removeIf(t -> partitions.contains(t.partition()));
    }

    public Set<Integer> ownedPartitions() {
        return Set.copyOf(owned);
    }

    private void watchList(Optional<Set<String>> ids, SyncKind kind, int partitionCount, Instant now) {
        if (ids.isEmpty() || partitionCount == 0) {
            return;
        }
        for (String id : new HashSet<>(ids.get())) {
            int partition = Partitioner.partitionFor(id.toLowerCase(), partitionCount);
            if (owned.contains(partition)) {
                syncs.compute(
                        id.toLowerCase(),
                        (k, current) -> current != null
                                ? current.restartedAt(current.since(), true)
                                : TrackedSync.start(k, kind, partition, now, true));
            }
        }
    }
}
