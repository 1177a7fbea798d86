package io.polybridge.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.BridgeRecords;
import io.polybridge.kafka.CompactedTopicReader;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Keeps the events feed's {@link FeedCursor} in partition 0 of the compacted tracking-state topic, under
 * {@link FeedCursor#KEY}: the feed is read by the owner of commands partition 0, so whichever instance owns it next (a
 * restart, a rebalance) reads the cursor back and goes on where the last owner stopped.
 */
@ApplicationScoped
class FeedCursorStore {

    static final int PARTITION = 0;

    private final BridgeRecords records;
    private final CompactedTopicReader reader;
    private final ObjectMapper json;
    private final String topic;

    FeedCursorStore(BridgeRecords records, CompactedTopicReader reader, ObjectMapper json, BridgeConfig config) {
        this.records = records;
        this.reader = reader;
        this.json = json;
        this.topic = config.topics().statusState();
    }

    /** The last cursor written, read off the event loop; empty when the feed was never read. */
    Uni<Optional<FeedCursor>> load() {
        return Uni.createFrom()
                .item(() -> Optional.ofNullable(
                                reader.latest(topic, OptionalInt.of(PARTITION)).get(FeedCursor.KEY))
                        .flatMap(this::read))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Completes once the broker has the cursor. */
    Uni<Void> save(FeedCursor cursor) {
        return records.send(topic, FeedCursor.KEY, PARTITION, cursor);
    }

    private Optional<FeedCursor> read(String value) {
        try {
            return Optional.of(json.readValue(value, FeedCursor.class));
        } catch (JsonProcessingException e) {
            // Not fatal: the feed starts afresh and says so; polling covers what it may have missed.
            Log.warnf("The events feed cursor is unreadable (%s): reading the feed from now", e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
