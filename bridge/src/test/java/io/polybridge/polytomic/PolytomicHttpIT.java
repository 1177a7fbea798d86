package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
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
 * happens, an answer the bridge receives is the answer to its own request (one handed to the wrong call would make a
 * command look applied on another command's response), and one caller giving up never fails another's call.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class PolytomicHttpIT extends SimulatedApiTest {

    private static final int SYNCS = 40;
    private static final int CALLS = 3_000;

    @Inject
    PolytomicHttp http;

    @Inject
    Vertx vertx;

    @Inject
    BridgeConfig config;

    @Inject
    TlsConfigurationRegistry tls;

    @Inject
    ObjectMapper json;

    /** What one call asked for, whether its caller gave up on it, and what came back (null: it failed). */
    private record Seen(String asked, boolean cancelled, PolytomicHttp.Answer answer, Throwable failure) {}

    @Test
    void everyAnswerIsTheAnswerToItsOwnRequestWhateverCallersCancel() throws Exception {
        // Answers come 0 to 8 ms late, some connections are reset, and a third of the callers give up after 1 to 8 ms:
        // many calls are cancelled while their request is out, their answer still on its way.
        simulator.faults().seed(17).latency(Duration.ZERO, Duration.ofMillis(8)).resetRate(0.02);
        List<String> syncs = syncs();
        List<Seen> seen = callAll(syncs, 3);
        simulator.faults().clear();

        List<Seen> answered = seen.stream().filter(s -> s.answer() != null).toList();
        assertThat(answered).as("calls answered").hasSizeGreaterThan(CALLS / 3);
        assertThat(answered).allSatisfy(PolytomicHttpIT::isItsOwnAnswer);
        // The pool is left fit for use: a plain call afterwards gets its own answer.
        PolytomicHttp.Answer after =
                http.get("/api/syncs/" + syncs.get(0)).await().atMost(Duration.ofSeconds(10));
        assertThat(after.body()).contains("\"" + syncs.get(0) + "\"");
    }

    @Test
    void aCallerGivingUpNeverFailsAnotherCall() throws Exception {
        // No resets this time: every call whose caller waits must be answered, however the others' cancels fall.
        simulator.faults().seed(23).latency(Duration.ZERO, Duration.ofMillis(4));
        List<Seen> seen = callAll(syncs(), 2);
        simulator.faults().clear();

        List<Seen> waited = seen.stream().filter(s -> !s.cancelled()).toList();
        assertThat(waited).as("calls whose caller waited").hasSizeGreaterThan(CALLS / 3);
        assertThat(waited).allSatisfy(s -> {
            assertThat(s.failure()).as("failure of the call for " + s.asked()).isNull();
            isItsOwnAnswer(s);
        });
    }

    @Test
    void aCallAfterTheClientClosedFailsAtOnce() {
        // The application is stopping: a last call must fail, not wait for its caller's timeout.
        PolytomicHttp closed = new PolytomicHttp(vertx, config, tls, json);
        closed.close();

        assertThatThrownBy(() -> closed.get("/api/me").await().atMost(Duration.ofSeconds(5)))
                .isNotInstanceOf(TimeoutException.class);
    }

    private List<String> syncs() {
        List<String> syncs = new ArrayList<>();
        for (int i = 0; i < SYNCS; i++) {
            syncs.add(simulator.addModelSync(UUID.randomUUID().toString(), true).id());
        }
        return syncs;
    }

    /** {@link #CALLS} reads, 64 at a time; one caller in {@code cancelOneIn} gives up after 1 to 8 ms. */
    private List<Seen> callAll(List<String> syncs, int cancelOneIn) throws Exception {
        Random random = new Random(17);
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String sync = syncs.get(random.nextInt(syncs.size()));
            Uni<PolytomicHttp.Answer> call = http.get("/api/syncs/" + sync);
            boolean cancelled = random.nextInt(cancelOneIn) == 0;
            if (cancelled) {
                call = call.ifNoItem()
                        .after(Duration.ofMillis(1 + random.nextInt(8)))
                        .fail();
            }
            calls.add(call.subscribeAsCompletionStage()
                    .handle((answer, failure) -> seen.add(new Seen(sync, cancelled, answer, failure))));
            if (calls.size() % 64 == 0) {
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                calls.clear();
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(seen).hasSize(CALLS);
        return List.copyOf(seen);
    }

    private static void isItsOwnAnswer(Seen s) {
        assertThat(s.answer().status())
                .as("status of the call for " + s.asked())
                .isEqualTo(200);
        assertThat(s.answer().body()).as("answer to the call for " + s.asked()).contains("\"" + s.asked() + "\"");
    }
}
