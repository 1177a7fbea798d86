package io.polybridge.command;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The Kafka intake. Ordering per sync with concurrency across syncs comes from the connector itself: the channel uses
 * the {@code throttled} commit strategy with {@code throttled.ordered=key} (one sync's records in offset order, many
 * syncs at once, offsets committed below the lowest unfinished record) and this unordered blocking method on the
 * {@code command-lanes} worker pool sized by {@code bridge.commands.concurrency}. Chosen over hand-written lanes or
 * Confluent's Parallel Consumer because it keeps the connector's commit, pause and dead-letter handling intact.
 */
@ApplicationScoped
class CommandConsumer {

    static final String LANES = "command-lanes";

    private final CommandProcessor processor;

    CommandConsumer(CommandProcessor processor) {
        this.processor = processor;
    }

    @Incoming(Channels.COMMANDS)
    @Blocking(value = LANES, ordered = false)
    public void consume(ConsumerRecord<byte[], byte[]> record) {
        processor.process(record);
    }
}
