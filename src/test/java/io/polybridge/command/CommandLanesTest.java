package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandLanesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(6);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void keepsEachLaneInOrderAndNeverRunsMoreThanTheLimitAtOnce() {
        CommandLanes lanes = new CommandLanes(3, pool);
        Map<String, List<Integer>> ran = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            String lane = "sync-" + (i % 20);
            int n = i;
            lanes.submit(lane, () -> {
                        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                        sleep(2);
                        ran.computeIfAbsent(lane, k -> new ArrayList<>()).add(n);
                        running.decrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    })
                    .await()
                    .indefinitely();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> ran.values().stream().mapToInt(List::size).sum() == 200);
        assertThat(peak.get()).isBetween(2, 3);
        ran.forEach((lane, order) -> assertThat(order).as(lane).isSorted().hasSize(10));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lanes.freePermits() == 3);
    }

    @Test
    void waitingLanesDoNotHoldThreadsSoWorkThatNeedsThePoolStillCompletes() {
        // Far more lanes than pool threads, and each task needs another pool thread to finish (as an API call whose
        // answer is delivered on the pool does). Parking the waiting lanes on threads would deadlock here.
        CommandLanes lanes = new CommandLanes(4, pool);
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            lanes.submit("sync-" + i, () -> {
                        CompletableFuture.runAsync(() -> sleep(1), pool).join();
                        finished.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    })
                    .await()
                    .indefinitely();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> finished.get() == 100);
    }

    @Test
    void aLaneMovesOnBeforeItsPreviousTaskHasStoredItsOutcome() throws Exception {
        CommandLanes lanes = new CommandLanes(1, pool);
        CompletableFuture<Void> stored = new CompletableFuture<>();
        AtomicInteger second = new AtomicInteger();
        lanes.submit("sync-a", () -> stored).await().indefinitely();
        lanes.submit("sync-a", () -> {
                    second.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                })
                .await()
                .indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> second.get() == 1);
        assertThat(stored).isNotDone();
        stored.complete(null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
