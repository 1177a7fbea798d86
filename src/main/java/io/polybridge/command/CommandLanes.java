package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One lane per sync: a sync's commands run one after another in the order they were submitted, different syncs run at
 * once, at most {@code bridge.commands.concurrency} of them. Hand-written because the connector's
 * {@code throttled.ordered=key} was measured (the lanes test) letting two records of one key run at the same time when
 * they came in different polls; a lane here is a chain of futures, so there is no thread per sync and nothing to stop.
 *
 * <p>A task takes a worker thread only once it holds one of the concurrency permits: tasks waiting for a permit wait in
 * a queue, not on a thread. (Parking them on threads exhausted the worker pool with a thousand busy syncs, and the API
 * calls in flight could then not complete.)
 *
 * <p>A task returns once its API work is done, with a stage for what is left (storing its outcome on Kafka): the lane
 * and the permit are freed at once, the queue slot when that stage completes.
 */
@ApplicationScoped
class CommandLanes {

    private final ConcurrentMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger permits;
    private final Semaphore queued;
    private final Executor workers;

    @Inject
    CommandLanes(BridgeConfig config) {
        this(config.commands().concurrency(), Infrastructure.getDefaultWorkerPool());
    }

    CommandLanes(int concurrency, Executor workers) {
        this.permits = new AtomicInteger(concurrency);
        // Enough queued work to keep every lane busy; beyond it the intake waits, and the consumer stops polling.
        this.queued = new Semaphore(concurrency * 16);
        this.workers = workers;
    }

    /** Queues {@code task} behind the sync's earlier tasks; completes once it is queued (not when it has run). */
    Uni<Void> submit(String lane, Supplier<CompletionStage<?>> task) {
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

    private void enqueue(String lane, Supplier<CompletionStage<?>> task) {
        CompletableFuture<Void> next = new CompletableFuture<>();
        Runnable start = () -> whenPermitted(() -> run(task, next));
        tails.compute(lane, (key, tail) -> {
            if (tail == null) {
                start.run();
            } else {
                tail.whenComplete((done, failure) -> start.run());
            }
            return next;
        });
        next.whenComplete((done, failure) -> tails.remove(lane, next));
    }

    private void run(Supplier<CompletionStage<?>> task, CompletableFuture<Void> laneDone) {
        CompletionStage<?> rest;
        try {
            rest = task.get();
        } catch (RuntimeException bug) {
            rest = CompletableFuture.failedFuture(bug);
        } finally {
            laneDone.complete(null);
        }
        rest.whenComplete((done, failure) -> queued.release());
    }

    private void whenPermitted(Runnable job) {
        waiting.add(job);
        dispatch();
    }

    /**
     * Hands waiting jobs to worker threads while permits are free. A job is queued before permits are checked, and a
     * permit is returned before the queue is checked, so one of the two sides always sees the other: no job is left
     * waiting with a permit free.
     */
    private void dispatch() {
        while (!waiting.isEmpty()) {
            int free = permits.get();
            if (free == 0) {
                return;
            }
            if (!permits.compareAndSet(free, free - 1)) {
                continue;
            }
            Runnable job = waiting.poll();
            if (job == null) {
                permits.incrementAndGet();
                continue;
            }
            workers.execute(() -> {
                try {
                    job.run();
                } finally {
                    permits.incrementAndGet();
                    dispatch();
                }
            });
        }
    }

    /** Permits not in use; for tests. */
    int freePermits() {
        return permits.get();
    }
}
