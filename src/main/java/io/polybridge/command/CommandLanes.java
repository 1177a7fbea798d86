package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * One lane per sync: a sync's commands run one after another in the order they were submitted, different syncs run at
 * once, at most {@code bridge.commands.concurrency} of them. Hand-written because the connector's
 * {@code throttled.ordered=key} was measured (the lanes test) letting two records of one key run at the same time when
 * they came in different polls; a lane here is a chain of futures, so there is no thread per sync and nothing to stop.
 */
@ApplicationScoped
class CommandLanes {

    private final ConcurrentMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Semaphore running;
    private final Semaphore queued;
    private final Executor workers = Infrastructure.getDefaultWorkerPool();

    CommandLanes(BridgeConfig config) {
        this.running = new Semaphore(config.commands().concurrency());
        // Enough queued work to keep every lane busy; beyond it the intake waits, and the consumer stops polling.
        this.queued = new Semaphore(config.commands().concurrency() * 16);
    }

    /** Queues {@code task} behind the sync's earlier tasks; completes once it is queued (not when it has run). */
    Uni<Void> submit(String lane, Runnable task) {
        if (queued.tryAcquire()) {
            enqueue(lane, task);
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .item(() -> {
                    queued.acquireUninterruptibly();
                    enqueue(lane, task);
                    return (Void) null;
                })
                .runSubscriptionOn(workers);
    }

    private void enqueue(String lane, Runnable task) {
        CompletableFuture<Void> next =
                tails.compute(lane, (key, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .handleAsync(
                                (ignored, failure) -> {
                                    running.acquireUninterruptibly();
                                    try {
                                        task.run();
                                    } finally {
                                        running.release();
                                        queued.release();
                                    }
                                    return null;
                                },
                                workers));
        next.whenComplete((ignored, failure) -> tails.remove(lane, next));
    }
}
