package io.polybridge.command;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.polybridge.config.BridgeConfig;
import io.quarkus.logging.Log;
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
 * <p>Tasks are non-blocking: a task starts its work and returns its {@link Progress}. It runs on the thread that let it
 * start (the intake, or the thread that delivered the previous answer), and neither waiting nor running holds a
 * thread: a command waiting for the API, or for a retry's backoff, is a pending future. A task holds its lane and one
 * concurrency permit until its API work is done, and its queue slot until its outcome is stored.
 */
@ApplicationScoped
class CommandLanes {

    /** What a started task reports: when its lane may move on (the API answered), and when it is wholly done. */
    record Progress(CompletionStage<?> answered, CompletionStage<?> finished) {

        /** A task that made no API call: its lane may move on at once. */
        static Progress answeredAtOnce(CompletionStage<?> finished) {
            return new Progress(CompletableFuture.completedFuture(null), finished);
        }

        /** A task that had nothing to do. */
        static Progress skipped() {
            return answeredAtOnce(CompletableFuture.completedFuture(null));
        }

        static Progress failed(Throwable failure) {
            return answeredAtOnce(CompletableFuture.failedFuture(failure));
        }
    }

    private final ConcurrentMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final int concurrency;
    private final int capacity;
    private final AtomicInteger permits;
    private final AtomicInteger dispatching = new AtomicInteger();
    private final Semaphore queued;
    private final Executor intakeWaits;

    @Inject
    CommandLanes(BridgeConfig config, MeterRegistry registry) {
        this(config.commands().concurrency(), Infrastructure.getDefaultWorkerPool());
        Gauge.builder("bridge.commands.in.flight", this, CommandLanes::inFlight)
                .description("Commands holding a concurrency permit: applying, or waiting out a retry's backoff")
                .register(registry);
        Gauge.builder("bridge.commands.waiting", waiting, Queue::size)
                .description("Commands whose lane is free, waiting for a concurrency permit")
                .register(registry);
        Gauge.builder("bridge.commands.queued", queued, q -> this.capacity - q.availablePermits())
                .description("Commands taken from Kafka and not yet finished, including those behind their sync's lane")
                .register(registry);
    }

    /** {@code intakeWaits} runs the intake's wait for a queue slot when the queue is full. */
    CommandLanes(int concurrency, Executor intakeWaits) {
        this.concurrency = concurrency;
        this.capacity = concurrency * 16;
        this.permits = new AtomicInteger(concurrency);
        // Enough queued work to keep every lane busy; beyond it the intake waits, and the consumer stops polling.
        this.queued = new Semaphore(capacity);
        this.intakeWaits = intakeWaits;
    }

    /** Queues {@code task} behind the sync's earlier tasks; completes once it is queued (not when it has run). */
    Uni<Void> submit(String lane, Supplier<Progress> task) {
        if (queued.tryAcquire()) {
            enqueue(lane, task);
            return Uni.createFrom().voidItem();
        }
        // The intake hands records over one at a time, so at most one thread ever waits here.
        return Uni.createFrom()
                .item(() -> {
                    queued.acquireUninterruptibly();
                    enqueue(lane, task);
                    return (Void) null;
                })
                .runSubscriptionOn(intakeWaits);
    }

    private void enqueue(String lane, Supplier<Progress> task) {
        CompletableFuture<Void> next = new CompletableFuture<>();
        Runnable start = () -> whenPermitted(() -> run(task, next));
        // Swapped in first and started after, never inside a map operation: a start may run tasks of other lanes.
        CompletableFuture<Void> tail = tails.put(lane, next);
        if (tail == null) {
            start.run();
        } else {
            tail.whenComplete((done, failure) -> start.run());
        }
        next.whenComplete((done, failure) -> tails.remove(lane, next));
    }

    private void run(Supplier<Progress> task, CompletableFuture<Void> laneDone) {
        Progress progress;
        try {
            progress = task.get();
        } catch (RuntimeException | Error bug) {
            Log.errorf(bug, "A command task failed before it started its work");
            progress = Progress.failed(bug);
        }
        if (progress == null) {
            progress = Progress.failed(new IllegalStateException("a command task reported no progress"));
        }
        progress.answered().whenComplete((done, failure) -> {
            permits.incrementAndGet();
            laneDone.complete(null);
            dispatch();
        });
        progress.finished().whenComplete((done, failure) -> queued.release());
    }

    private void whenPermitted(Runnable job) {
        waiting.add(job);
        dispatch();
    }

    /**
     * Starts waiting jobs while permits are free. A job is queued before permits are checked, and a permit is returned
     * before dispatching again; a dispatch that finds another under way only makes that one loop once more. So no job
     * is left waiting with a permit free, and a job that finishes at once does not recurse into the next.
     */
    private void dispatch() {
        if (dispatching.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            startWhilePermitted();
            missed = dispatching.addAndGet(-missed);
        } while (missed != 0);
    }

    private void startWhilePermitted() {
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
            try {
                job.run();
            } catch (RuntimeException | Error bug) {
                // run() already turns a task's failure into its progress; this keeps the loop alive regardless.
                Log.errorf(bug, "A command job failed to start");
            }
        }
    }

    /** Permits not in use; for tests. */
    int freePermits() {
        return permits.get();
    }

    private int inFlight() {
        return concurrency - permits.get();
    }
}
