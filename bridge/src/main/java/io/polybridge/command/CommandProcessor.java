package io.polybridge.command;

import io.polybridge.command.CommandLanes.Progress;
import io.polybridge.polytomic.Ids;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One command record from start to finish: parse, deduplicate, apply ({@link CommandApplier}: retrying through API
 * failures until the command's max age), publish its result and dedup entry, then hand the sync to status tracking.
 * A record that must be dead-lettered ends in an exception whose message is the reason; the Kafka connector writes it
 * to the DLQ.
 *
 * <p>Runs inside the sync's lane ({@link CommandLanes}): one sync's records in order, different syncs at once. Nothing
 * here blocks: {@link #process} starts the work and returns its progress. The lane moves on to the sync's next command
 * once the API has answered and the outcome's sends are queued, without waiting for the broker, while the record is
 * acknowledged (and its offset becomes committable) only once the result and dedup entry are on Kafka. The producer
 * keeps the order of one sync's results, since they share a key, and the dedup entry is in memory before the lane
 * moves on.
 */
@ApplicationScoped
public class CommandProcessor {

    private final CommandParser parser;
    private final CommandApplier applier;
    private final DedupStore dedup;
    private final CommandResults results;
    private final Instance<SyncWatch> watchers;
    private final CommandMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    CommandProcessor(
            CommandParser parser,
            CommandApplier applier,
            DedupStore dedup,
            CommandResults results,
            Instance<SyncWatch> watchers,
            CommandMetrics metrics) {
        this.parser = parser;
        this.applier = applier;
        this.dedup = dedup;
        this.results = results;
        this.watchers = watchers;
        this.metrics = metrics;
    }

    /**
     * Starts applying the record. Its progress is answered once the API has answered (or no call is needed) and
     * finished once the outcome is stored, or failed with the dead-letter reason.
     */
    Progress process(ConsumerRecord<byte[], byte[]> record) {
        try {
            return start(record);
        } catch (RuntimeException | Error unexpected) {
            return Progress.failed(unexpected);
        }
    }

    private Progress start(ConsumerRecord<byte[], byte[]> record) {
        SyncCommand command;
        try {
            command = parser.parse(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()))
                    .withAttempt(attempt(record));
        } catch (InvalidCommandException invalid) {
            Log.infof(
                    "Dead-lettering record %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), invalid.getMessage());
            metrics.deadLettered(invalid.code());
            return Progress.answeredAtOnce(publish(invalidResult(record, invalid))
                    .thenCompose(stored -> CompletableFuture.failedFuture(invalid)));
        }
        return CommandLog.withMdc(command, () -> {
            Optional<DedupEntry> seen = dedup.find(command.syncId(), command.id());
            if (seen.isPresent()) {
                CommandResult duplicate = duplicate(command, seen.get());
                CommandLog.finished(command, duplicate);
                return Progress.answeredAtOnce(publish(duplicate));
            }
            if (command.action() == CommandAction.RECONCILE) {
                return Progress.answeredAtOnce(stored(record, command, reconciled(command)));
            }
            return applyAndStore(record, command);
        });
    }

    /** Applies the command; once the API has answered, publishes the outcome (the lane may then move on). */
    private Progress applyAndStore(ConsumerRecord<byte[], byte[]> record, SyncCommand command) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        CompletionStage<Void> finished = applier.apply(command)
                .subscribeAsCompletionStage()
                .thenCompose(result -> {
                    try {
                        return CommandLog.withMdc(command, () -> stored(record, command, result));
                    } finally {
                        // The sends, if any, are queued in the sync's order already: the lane and permit are free.
                        answered.complete(null);
                    }
                });
        // Also when the API work itself failed unexpectedly.
        finished.whenComplete((done, failure) -> answered.complete(null));
        return new Progress(answered, finished);
    }

    /** Records and publishes the outcome; the stage completes once it is stored, or fails with the dead-letter reason. */
    private CompletionStage<Void> stored(
            ConsumerRecord<byte[], byte[]> record, SyncCommand command, CommandResult result) {
        DedupEntry entry = new DedupEntry(
                command.syncId(),
                command.id(),
                result.outcome(),
                result.httpStatus(),
                result.executionId(),
                result.processedAt());
        // Only commands that took effect are remembered: a rejected or expired one may be redriven once fixed.
        Uni<Void> remember = result.outcome() == ResultOutcome.APPLIED || result.outcome() == ResultOutcome.CONFLICT
                ? dedup.record(record.partition(), entry)
                : Uni.createFrom().voidItem();
        // Subscribed here, on the lane, so that the sends are queued in the sync's order.
        CompletionStage<Void> stored = Uni.combine()
                .all()
                .unis(results.publish(result), remember)
                .discardItems()
                .subscribeAsCompletionStage();
        metrics.finished(result);
        CommandLog.finished(command, result);
        watchers.forEach(w -> w.commandFinished(command, result, record.partition()));
        if (result.outcome().deadLettered()) {
            metrics.deadLettered(result.outcome().wireName());
            CommandFailedException failure =
                    new CommandFailedException(result.outcome().wireName() + ": " + result.message());
            return stored.thenCompose(done -> CompletableFuture.failedFuture(failure));
        }
        return stored;
    }

    private CompletionStage<Void> publish(CommandResult result) {
        metrics.finished(result);
        return results.publish(result).subscribeAsCompletionStage();
    }

    /** How often this record was redriven from the dead-letter topic (0 for a first delivery). */
    static int attempt(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(SyncCommand.ATTEMPT_HEADER);
        if (header == null || header.value() == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8).strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A reconcile needs no API call: status tracking (its {@link SyncWatch}) makes the sync due for a poll now. */
    private CommandResult reconciled(SyncCommand c) {
        return new CommandResult(
                c.id(),
                c.syncId(),
                c.kind(),
                c.action(),
                ResultOutcome.APPLIED,
                null,
                "due for a poll now",
                null,
                null,
                clock.instant());
    }

    private CommandResult duplicate(SyncCommand c, DedupEntry seen) {
        String message = "already finished as " + seen.outcome().wireName() + " at " + seen.finishedAt();
        return new CommandResult(
                c.id(),
                c.syncId(),
                c.kind(),
                c.action(),
                ResultOutcome.DUPLICATE,
                seen.httpStatus(),
                message,
                seen.executionId(),
                null,
                clock.instant());
    }

    private CommandResult invalidResult(ConsumerRecord<byte[], byte[]> record, InvalidCommandException invalid) {
        byte[] key = record.key() == null ? new byte[0] : record.key();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        String keyText = new String(key, StandardCharsets.UTF_8);
        String syncId = Ids.isUuid(keyText) ? keyText.toLowerCase() : null;
        return new CommandResult(
                CommandParser.derivedId(key, value),
                syncId,
                null,
                null,
                ResultOutcome.INVALID,
                null,
                invalid.getMessage(),
                null,
                null,
                clock.instant());
    }
}
