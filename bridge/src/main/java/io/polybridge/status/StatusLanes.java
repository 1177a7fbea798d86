package io.polybridge.status;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * One sync's writes one after the other, different syncs' at once, without a thread waiting: each write starts when the
 * sync's previous one has finished (its events and state on Kafka). A poll, a webhook's read and the feed's may observe
 * one sync at the same time; their events must leave in the order they were decided, and its state be written last by
 * the last decision.
 */
final class StatusLanes {

    private final ConcurrentMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Starts {@code work} once the sync's earlier work is done (at once if there is none); never nested per sync. */
    <T> Uni<T> run(String syncId, Supplier<Uni<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(syncId, done);
        Runnable start = () -> {
            Uni<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                started = Uni.createFrom().failure(e);
            }
            started.subscribe()
                    .with(
                            value -> {
                                finish(syncId, done);
                                result.complete(value);
                            },
                            failure -> {
                                finish(syncId, done);
                                result.completeExceptionally(failure);
                            });
        };
        if (previous == null) {
            start.run();
        } else {
            previous.whenComplete((ignored, failure) -> start.run());
        }
        return Uni.createFrom().completionStage(result);
    }

    private void finish(String syncId, CompletableFuture<Void> done) {
        tails.remove(syncId, done);
        done.complete(null);
    }

    /** Syncs with work queued or running, for tests and metrics. */
    int busy() {
        return tails.size();
    }
}
