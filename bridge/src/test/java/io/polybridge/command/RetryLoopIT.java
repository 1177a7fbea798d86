package io.polybridge.command;

import static io.polybridge.command.CommandPipelineIT.COMMANDS;
import static io.polybridge.command.CommandPipelineIT.RESULTS;
import static io.polybridge.command.CommandPipelineIT.command;
import static io.polybridge.command.CommandPipelineIT.newId;
import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.LogCapture;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One retry loop per command: its attempts are counted once, whatever made each one fail, and each waits the one
 * backoff, never less than the API's Retry-After. (Before, a retry inside the API call and a second loop around it
 * each counted their own attempts and drew their own delays.)
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class RetryLoopIT extends SimulatedApiTest {

    private static final Pattern ATTEMPT = Pattern.compile("^API activate: attempt (\\d+) after ");

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aCommandsAttemptsAreNumberedOnceAcrossEveryFailure() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        simulator.faults().onlyPath("/api/syncs/" + sync.id() + "/activate").rateLimitNext(5, 0);
        String id = newId();

        try (LogCapture log = LogCapture.of("io.polybridge")) {
            kafka.send(COMMANDS, sync.id(), command(id, "activate", "model", null));
            kafka.readUntil(RESULTS, Duration.ofSeconds(30), seen -> KafkaTestClient.json(seen).stream()
                    .anyMatch(r -> id.equals(r.path("commandId").asText())
                            && "applied".equals(r.path("outcome").asText())));

            List<Integer> attempts = log.lines().stream()
                    .filter(l -> id.equals(l.mdc().get("commandId")))
                    .map(l -> ATTEMPT.matcher(l.message()))
                    .filter(Matcher::find)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .toList();
            assertThat(attempts).containsExactly(2, 3, 4, 5, 6);
        }
        List<JournalEntry> calls = simulator.journal().mutations(sync.id());
        assertThat(calls).extracting(JournalEntry::status).containsExactly(429, 429, 429, 429, 429, 200);
        assertThat(sync.active()).isTrue();
    }
}
