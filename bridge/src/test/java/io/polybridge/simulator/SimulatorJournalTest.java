package io.polybridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The journal tells what the API carried out, not only what reached the client: fault tests count on it. */
class SimulatorJournalTest {

    static final String KEY = "journal-test-key";

    @Test
    void aCallWhoseClientGaveUpIsStillRecordedAsAppliedAndItsRetryAsAReplay() throws Exception {
        try (PolytomicSimulator simulator =
                PolytomicSimulator.start(SimulatorOptions.defaults().withApiKey(KEY))) {
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
            HttpClient http = HttpClient.newHttpClient();
            simulator.faults().latency(Duration.ofMillis(600));

            assertThatThrownBy(() -> http.send(
                            activate(simulator, sync, Duration.ofMillis(100)), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
            JournalEntry abandoned = awaitMutation(simulator, sync, 0);
            assertThat(abandoned.status()).isZero();
            assertThat(abandoned.applied()).isTrue();
            assertThat(abandoned.replayed()).isFalse();
            assertThat(sync.active()).isTrue();

            HttpResponse<String> retry =
                    http.send(activate(simulator, sync, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString());
            assertThat(retry.statusCode()).isEqualTo(200);
            JournalEntry replay = awaitMutation(simulator, sync, 1);
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.applied()).isFalse();
        }
    }

    @Test
    void anExchangeIsInTheJournalByTheTimeItsAnswerReachesTheClient() throws Exception {
        // Tests read the journal as soon as their call returns: an entry written after the answer went out would be
        // missing now and then, and a faster client misses it more often.
        try (PolytomicSimulator simulator =
                PolytomicSimulator.start(SimulatorOptions.defaults().withApiKey(KEY))) {
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
            // Answers sent from a timer, not from the request's own handler, go out the moment they are written.
            simulator.faults().latency(Duration.ofMillis(1));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest read = toSync(simulator, sync, "").build();
            for (int i = 1; i <= 1_000; i++) {
                assertThat(http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(200);
                assertThat(simulator.journal().entries())
                        .as("journal after call " + i)
                        .hasSize(i);
            }
        }
    }

    @Test
    void refusedCallsAreNotApplied() throws Exception {
        try (PolytomicSimulator simulator =
                PolytomicSimulator.start(SimulatorOptions.defaults().withApiKey(KEY))) {
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
            simulator.faults().outage(Duration.ofSeconds(30));
            HttpResponse<String> refused = HttpClient.newHttpClient()
                    .send(activate(simulator, sync, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(simulator.journal().mutations(sync.id())).singleElement().satisfies(e -> assertThat(e.applied())
                    .isFalse());
            assertThat(sync.active()).isFalse();
        }
    }

    private static HttpRequest activate(PolytomicSimulator simulator, SimSync sync, Duration timeout) {
        return toSync(simulator, sync, "/activate")
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "journal-0001")
                .POST(HttpRequest.BodyPublishers.ofString("{\"active\":true}"))
                .build();
    }

    /** A request to the sync's path (and {@code rest} after it), with the credential. */
    private static HttpRequest.Builder toSync(PolytomicSimulator simulator, SimSync sync, String rest) {
        return HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/syncs/" + sync.id() + rest))
                .header("Authorization", "Bearer " + KEY);
    }

    /** The sync's {@code index}-th mutating call, once the journal has exactly that many plus one. */
    private static JournalEntry awaitMutation(PolytomicSimulator simulator, SimSync sync, int index) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> simulator.journal().mutations(sync.id()).size() == index + 1);
        return simulator.journal().mutations(sync.id()).get(index);
    }
}
