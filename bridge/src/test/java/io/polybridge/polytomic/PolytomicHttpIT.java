package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTTP exchange under the conditions that break connection reuse: many calls in flight on one pool, callers that
 * give up at any moment (an attempt's timeout), answers that come late, connections reset by the server. Whatever
 * happens, an answer the bridge receives is the answer to its own request: one handed to the wrong call would make a
 * command look applied on another command's response.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class PolytomicHttpIT extends SimulatedApiTest {

    private static final int SYNCS = 40;
    private static final int CALLS = 3_000;

    @Inject
    PolytomicHttp http;

    /** What one call asked for and what came back to it. */
    private record Seen(String asked, PolytomicHttp.Answer answer) {}

    @Test
    void everyAnswerIsTheAnswerToItsOwnRequestWhateverCallersCancel() throws Exception {
        List<String> syncs = new ArrayList<>();
        for (int i = 0; i < SYNCS; i++) {
            syncs.add(simulator.addModelSync(UUID.randomUUID().toString(), true).id());
        }
        // Answers come 0 to 8 ms late, some connections are reset, and callers give up after 1 to 8 ms: many calls
        // are cancelled while their request is out, their answer still on its way.
        simulator.faults().seed(17).latency(Duration.ZERO, Duration.ofMillis(8)).resetRate(0.02);
        Random random = new Random(17);
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String sync = syncs.get(random.nextInt(SYNCS));
            Uni<PolytomicHttp.Answer> call = http.get("/api/syncs/" + sync);
            if (random.nextInt(3) == 0) {
                call = call.ifNoItem()
                        .after(Duration.ofMillis(1 + random.nextInt(8)))
                        .fail();
            }
            calls.add(call.subscribeAsCompletionStage()
                    .thenAccept(answer -> seen.add(new Seen(sync, answer)))
                    .exceptionally(failure -> null));
            if (calls.size() % 64 == 0) {
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                calls.clear();
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        simulator.faults().clear();

        assertThat(seen).as("calls answered").hasSizeGreaterThan(CALLS / 3);
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.answer().status())
                    .as("status of the call for " + s.asked())
                    .isEqualTo(200);
            assertThat(s.answer().body())
                    .as("answer to the call for " + s.asked())
                    .contains("\"" + s.asked() + "\"");
        });
        // The pool is left fit for use: a plain call afterwards gets its own answer.
        PolytomicHttp.Answer after =
                http.get("/api/syncs/" + syncs.get(0)).await().atMost(Duration.ofSeconds(10));
        assertThat(after.body()).contains("\"" + syncs.get(0) + "\"");
    }
}
