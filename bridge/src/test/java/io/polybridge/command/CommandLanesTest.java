package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.CommandLanes.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandLanesTest {

    // Stands in for the event loops that deliver API answers: tasks start work here and return at once.
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() {
        answers.shutdownNow();
    }

    /** Submits the task and waits until it is queued (not until it has run). */
    private static void submit(CommandLanes lanes, String lane, Supplier<Progress> task) {
        lanes.submit(lane, task).await().indefinitely();
    }

    /** A task that makes no API call: counts itself and lets its lane move on. */
    private static Supplier<Progress> counting(AtomicInteger count) {
        return () -> {
            count.incrementAndGet();
            return Progress.skipped();
        };
    }

    /** The progress of a task whose API answer {@code delivery} brings after {@code millis}, running {@code onAnswer}. */
    private static Progress answeredAfter(ScheduledExecutorService delivery, long millis, Runnable onAnswer) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        delivery.schedule(
                () -> {
                    onAnswer.run();
                    answered.complete(null);
                },
                millis,
                TimeUnit.MILLISECONDS);
        return new Progress(answered, answered);
    }

    @Test
    void keepsEachLaneInOrderAndNeverRunsMoreThanTheLimitAtOnce() {
        CommandLanes lanes = new CommandLanes(3, answers);
        Map<String, List<Integer>> ran = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            String lane = "sync-" + (i % 20);
            int n = i;
            submit(lanes, lane, () -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                ran.computeIfAbsent(lane, k -> new ArrayList<>()).add(n);
                return answeredAfter(answers, 2, running::decrementAndGet);
            });
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> ran.values().stream().mapToInt(List::size).sum() == 200);
        assertThat(peak.get()).isBetween(2, 3);
        ran.forEach((lane, order) -> assertThat(order).as(lane).isSorted().hasSize(10));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lanes.freePermits() == 3);
    }

    @Test
    void tasksWaitingForAnAnswerHoldNoThread() {
        // Far more tasks in flight than threads: one thread delivers every answer, as one event loop can.
        ScheduledExecutorService oneThread = Executors.newSingleThreadScheduledExecutor();
        try {
            CommandLanes lanes = new CommandLanes(50, oneThread);
            AtomicInteger finished = new AtomicInteger();
            for (int i = 0; i < 500; i++) {
                submit(lanes, "sync-" + i, () -> answeredAfter(oneThread, 20, finished::incrementAndGet));
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> finished.get() == 500);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lanes.freePermits() == 50);
        } finally {
            oneThread.shutdownNow();
        }
    }

    @Test
    void thousandsOfTasksThatFinishAtOnceDoNotRecurse() {
        // Duplicates and invalid records finish without an API call: a long lane of them, released at once, must run
        // in a loop rather than each start nesting inside the previous one's completion.
        CommandLanes lanes = new CommandLanes(400, answers);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AtomicInteger ran = new AtomicInteger();
        submit(lanes, "sync-a", () -> new Progress(gate, gate));
        for (int i = 0; i < 6000; i++) {
            submit(lanes, "sync-a", counting(ran));
        }
        gate.complete(null);
        assertThat(ran.get()).isEqualTo(6000);
        assertThat(lanes.freePermits()).isEqualTo(400);
    }

    @Test
    void aLaneMovesOnBeforeItsPreviousTaskHasStoredItsOutcome() {
        CommandLanes lanes = new CommandLanes(1, answers);
        CompletableFuture<Void> stored = new CompletableFuture<>();
        AtomicInteger second = new AtomicInteger();
        submit(lanes, "sync-a", () -> Progress.answeredAtOnce(stored));
        submit(lanes, "sync-a", counting(second));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> second.get() == 1);
        assertThat(stored).isNotDone();
        stored.complete(null);
    }

    @Test
    void aTaskThatThrowsFreesItsLaneAndPermit() {
        CommandLanes lanes = new CommandLanes(1, answers);
        AtomicInteger after = new AtomicInteger();
        submit(lanes, "sync-a", () -> {
            throw new IllegalStateException("bug");
        });
        submit(lanes, "sync-a", counting(after));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> after.get() == 1);
        assertThat(lanes.freePermits()).isEqualTo(1);
    }
}
