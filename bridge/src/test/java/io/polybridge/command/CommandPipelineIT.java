package io.polybridge.command;

import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.LogCapture;
import io.polybridge.support.MessageSchemas;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands on the real broker reach the simulator once, in order per sync; bad ones land on the DLQ with a reason. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class CommandPipelineIT extends SimulatedApiTest {

    static final String COMMANDS = "polytomic.sync.commands";
    static final String RESULTS = "polytomic.sync.command-results";
    static final String DLQ = "polytomic.sync.commands.dlq";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DedupStore dedup;

    @Inject
    io.polybridge.status.TrackingRegistry tracking;

    private final KafkaTestClient kafka = new KafkaTestClient();

    /** Where the results topic ended when the test began: the outage tests leave 20,000 results behind them. */
    private Map<org.apache.kafka.common.TopicPartition, Long> resultsFrom;

    @org.junit.jupiter.api.BeforeEach
    void markResults() {
        resultsFrom = kafka.endOffsets(RESULTS);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    static String command(String id, String action, String type, String options) {
        return "{\"id\":\"" + id + "\",\"action\":\"" + action + "\",\"syncType\":\"" + type + "\""
                + (options == null ? "" : ",\"options\":" + options) + "}";
    }

    static String newId() {
        return "cmd-" + UUID.randomUUID();
    }

    /** The outcomes of each command's results, by command ID. */
    static Map<String, List<String>> outcomesById(List<JsonNode> results) {
        return results.stream()
                .collect(Collectors.groupingBy(
                        r -> r.path("commandId").asText(),
                        Collectors.mapping(r -> r.path("outcome").asText(), Collectors.toList())));
    }

    /** At least once, applied once: each of {@code commands} has one "applied" result, and any copy a "duplicate". */
    static void assertAppliedOnceCopiesDuplicates(Map<String, List<String>> outcomes, int commands) {
        assertThat(outcomes).hasSize(commands).allSatisfy((id, seen) -> assertThat(seen)
                .as(id)
                .containsOnlyOnce("applied")
                .allMatch(o -> o.equals("applied") || o.equals("duplicate")));
    }

    /** Waits until every command ID has at least {@code perId} results; returns the results of those IDs. */
    List<JsonNode> results(Collection<String> ids, int perId) {
        Set<String> wanted = new HashSet<>(ids);
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readUntil(resultsFrom, Duration.ofSeconds(60), seen -> {
            Map<String, Long> counts = KafkaTestClient.json(seen).stream()
                    .filter(r -> wanted.contains(r.path("commandId").asText()))
                    .collect(Collectors.groupingBy(r -> r.path("commandId").asText(), Collectors.counting()));
            return wanted.stream().allMatch(id -> counts.getOrDefault(id, 0L) >= perId);
        });
        List<JsonNode> ours = KafkaTestClient.json(records).stream()
                .filter(r -> wanted.contains(r.path("commandId").asText()))
                .toList();
        ours.forEach(r -> MessageSchemas.assertValid(MessageSchemas.COMMAND_RESULT, r));
        return ours;
    }

    @Test
    void everyActionAndSyncTypeMakesExactlyTheExpectedCall() {
        SimSync model = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        SimSync bulk = simulator
                .addBulkSync(UUID.randomUUID(), true, "contact")
                .runDuration(Duration.ofMinutes(5))
                .cancelDelay(Duration.ZERO);
        String bulkExecution = bulk.startExecution();
        record Case(SimSync sync, String action, String options, String path, String body) {}
        List<Case> cases = List.of(
                new Case(model, "activate", null, "/api/syncs/%s/activate", "{\"active\":true}"),
                // Started while active: inactive model syncs do not run on a manual trigger.
                new Case(model, "start", "{\"resync\":true}", "/api/syncs/%s/executions", "{\"resync\":true}"),
                new Case(model, "cancel", null, "/api/syncs/%s/cancel", ""),
                new Case(model, "deactivate", null, "/api/syncs/%s/activate", "{\"active\":false}"),
                new Case(bulk, "activate", null, "/api/bulk/syncs/%s/activate", "{\"active\":true}"),
                new Case(
                        bulk,
                        "cancel",
                        "{\"executionId\":\"" + bulkExecution + "\"}",
                        "/api/bulk/syncs/%s/executions/" + bulkExecution + "/cancel",
                        ""),
                new Case(
                        bulk,
                        "start",
                        "{\"fetch_mode\":\"full\"}",
                        "/api/bulk/syncs/%s/executions",
                        "{\"fetch_mode\":\"full\"}"),
                new Case(bulk, "cancel", null, "/api/bulk/syncs/%s/cancel", ""),
                new Case(bulk, "deactivate", null, "/api/bulk/syncs/%s/activate", "{\"active\":false}"));
        List<String> ids = new ArrayList<>();
        for (Case c : cases) {
            String id = newId();
            ids.add(id);
            String type = c.sync().kind() == SimSync.Kind.MODEL ? "model" : "bulk";
            kafka.send(COMMANDS, c.sync().id(), command(id, c.action(), type, c.options()));
            List<JsonNode> result = results(List.of(id), 1);
            assertThat(result).singleElement().satisfies(r -> {
                assertThat(r.path("outcome").asText())
                        .as(c.toString() + " " + r)
                        .isEqualTo("applied");
                assertThat(r.path("syncId").asText()).isEqualTo(c.sync().id());
                assertThat(r.path("action").asText()).isEqualTo(c.action());
                assertThat(r.path("syncType").asText()).isEqualTo(type);
                assertThat(r.path("httpStatus").asInt()).isEqualTo(200);
            });
            List<JournalEntry> calls = simulator.journal().entries().stream()
                    .filter(e -> e.idempotencyKey() != null && id.equals(SyncCommand.commandIdOf(e.idempotencyKey())))
                    .toList();
            assertThat(calls).as(c.toString()).singleElement().satisfies(call -> {
                assertThat(call.method()).isEqualTo("POST");
                assertThat(call.path()).isEqualTo(c.path().formatted(c.sync().id()));
                assertThat(call.body()).isEqualTo(c.body());
            });
        }
        assertThat(simulator.journal().entries().stream().filter(e -> e.method().equals("POST")))
                .hasSize(cases.size());
        JsonNode start = results(List.of(ids.get(1)), 1).get(0);
        assertThat(start.path("executionId").asText()).isNotBlank();
    }

    @Test
    void theSameCommandFiveTimesIsAppliedOnceAlsoAcrossARestoreFromTheDedupTopic() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
        SimSync other = simulator.addModelSync(UUID.randomUUID(), true);
        String repeated = newId();
        String value = command(repeated, "activate", "model", null);
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kafka.send(COMMANDS, sync.id(), value);
            String o = newId();
            others.add(o);
            kafka.send(COMMANDS, other.id(), command(o, i % 2 == 0 ? "deactivate" : "activate", "model", null));
        }
        assertThat(results(List.of(repeated), 3))
                .extracting(r -> r.path("outcome").asText())
                .containsExactlyInAnyOrder("applied", "duplicate", "duplicate");

        // What a restart loses: memory. After a rebalance the copies are recognised from the dedup topic alone.
        dedup.clearMemory();
        assertThat(dedup.find(sync.id(), repeated)).isEmpty();
        kafka.forceRebalance("polytomic-kafka-bridge", COMMANDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dedup.find(sync.id(), repeated)
                .isPresent());
        // The intruder's leaving rebalances once more; let the group settle before the copies go in.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> tracking.ownedPartitions().size() == 3);
        kafka.send(COMMANDS, sync.id(), value);
        kafka.send(COMMANDS, sync.id(), value);

        // At least once: a rebalance may deliver a copy again, which is answered as one more duplicate.
        List<String> outcomes = results(List.of(repeated), 5).stream()
                .map(r -> r.path("outcome").asText())
                .toList();
        assertThat(outcomes).containsOnlyOnce("applied").hasSizeGreaterThanOrEqualTo(5);
        assertThat(outcomes.stream().filter(o -> !o.equals("applied"))).containsOnly("duplicate");
        assertThat(simulator.journal().mutations(sync.id())).singleElement().satisfies(e -> assertThat(
                        SyncCommand.commandIdOf(e.idempotencyKey()))
                .isEqualTo(repeated));
        // The rebalance may deliver the other sync's commands again too (their offsets need not be committed yet):
        // each is still applied exactly once, and any copy is answered as a duplicate.
        assertAppliedOnceCopiesDuplicates(outcomesById(results(others, 1)), others.size());
        assertThat(simulator.journal().mutations(other.id()))
                .extracting(e -> SyncCommand.commandIdOf(e.idempotencyKey()))
                .containsExactlyInAnyOrderElementsOf(others);
    }

    @Test
    void badRecordsLandOnTheDeadLetterTopicWithAReasonAndValidOnesBehindThemAreApplied() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
        String marker = "bad-" + UUID.randomUUID();
        List<CommandCases.Case> bad = CommandCases.hostile(sync.id(), marker);
        // Only what this test dead-letters: earlier tests may have dead-lettered records of their own.
        var deadLettersFrom = kafka.endOffsets(DLQ);
        for (CommandCases.Case c : bad) {
            kafka.send(COMMANDS, c.key(), c.value());
        }
        String valid = newId();
        kafka.send(COMMANDS, sync.id(), command(valid, "deactivate", "model", null));

        assertThat(results(List.of(valid), 1).get(0).path("outcome").asText()).isEqualTo("applied");
        int expected = bad.size();
        List<ConsumerRecord<byte[], byte[]>> dead =
                kafka.readUntil(deadLettersFrom, Duration.ofSeconds(30), seen -> seen.size() >= expected);
        List<ConsumerRecord<byte[], byte[]>> ours = dead;
        assertThat(ours).allSatisfy(r -> {
            assertThat(header(r, "dead-letter-reason")).isNotBlank();
            assertThat(header(r, "dead-letter-topic")).isEqualTo(COMMANDS);
            assertThat(header(r, "dead-letter-offset")).isNotBlank();
            assertThat(header(r, "dead-letter-partition")).isNotBlank();
        });
        assertThat(ours)
                .extracting(r -> header(r, "dead-letter-reason").split(":")[0])
                .contains(
                        "tombstone",
                        "missing-key",
                        "invalid-key",
                        "invalid-json",
                        "not-an-object",
                        "missing-field",
                        "wrong-type",
                        "unknown-action",
                        "unknown-sync-type",
                        "key-mismatch",
                        "invalid-id",
                        "invalid-requested-at",
                        "invalid-options",
                        "too-large",
                        "invalid-encoding");
        for (CommandCases.Case c : bad) {
            assertThat(dead.stream()
                            .anyMatch(r -> Arrays.equals(r.key(), c.key())
                                    && Arrays.equals(r.value(), c.value())
                                    && header(r, "dead-letter-reason").startsWith(c.reason() + ": ")))
                    .as("%s dead-lettered as %s, byte for byte", c.name(), c.reason())
                    .isTrue();
        }
        assertThat(ours).anySatisfy(r -> assertThat(r.value()).isNull());
        assertThat(ours).anySatisfy(r -> assertThat(text(r.value())).isEqualTo("{not json"));
        assertThat(simulator.journal().entries().stream().filter(e -> e.method().equals("POST")))
                .singleElement()
                .satisfies(e ->
                        assertThat(SyncCommand.commandIdOf(e.idempotencyKey())).isEqualTo(valid));
        // No call of any kind carried anything but a well-formed sync ID in its path.
        assertThat(simulator.journal().entries())
                .extracting(JournalEntry::path)
                .allMatch(path -> path.matches("/api/(bulk/)?syncs/(status|[0-9a-f-]{36}(/[a-z]+)?)"));
        System.out.printf(
                "R5 bad input: %d hostile records, %d dead-lettered with a reason (%d distinct reasons), "
                        + "0 API calls with a bad ID, the valid command behind them applied%n",
                expected,
                ours.size(),
                ours.stream()
                        .map(r -> header(r, "dead-letter-reason").split(":")[0])
                        .distinct()
                        .count());
    }

    @Test
    void commandsOfOneSyncKeepTheirOrderWhileManySyncsRunAtOnce() {
        simulator.faults().latency(Duration.ofMillis(50));
        List<SimSync> syncs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            syncs.add(simulator.addModelSync(UUID.randomUUID(), true));
        }
        simulator.resetPeak();
        List<String[]> records = new ArrayList<>();
        Map<String, List<String>> sentOrder = new java.util.HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            SimSync sync = syncs.get(i % syncs.size());
            String id = String.format("ord-%04d-%s", i, UUID.randomUUID());
            ids.add(id);
            sentOrder.computeIfAbsent(sync.id(), k -> new ArrayList<>()).add(id);
            records.add(new String[] {sync.id(), command(id, i % 2 == 0 ? "activate" : "deactivate", "model", null)});
        }
        long started = System.nanoTime();
        kafka.sendAll(COMMANDS, records);
        List<JsonNode> results = results(ids, 1);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        // Each applied once; a rebalance (the group may rebalance at any time) can deliver a copy, answered as such.
        assertAppliedOnceCopiesDuplicates(outcomesById(results), ids.size());
        for (SimSync sync : syncs) {
            // By arrival at the API; and one sync never has two calls in flight at once.
            List<JournalEntry> mine = simulator.journal().mutations(sync.id()).stream()
                    .filter(JournalEntry::applied)
                    .sorted(java.util.Comparator.comparing(JournalEntry::receivedAt))
                    .toList();
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i).receivedAt())
                        .as(
                                "call %s of %s started before the previous one was answered: %s",
                                mine.get(i).idempotencyKey(), sync.id(), mine)
                        .isAfterOrEqualTo(mine.get(i - 1).answeredAt());
            }
            List<String> called = mine.stream()
                    .map(e -> SyncCommand.commandIdOf(e.idempotencyKey()))
                    .toList();
            assertThat(called).as("order of calls for %s", sync.id()).isEqualTo(sentOrder.get(sync.id()));
        }
        List<Long> gaps = new ArrayList<>();
        for (SimSync sync : syncs) {
            List<JournalEntry> calls = simulator.journal().mutations(sync.id());
            for (int i = 1; i < calls.size(); i++) {
                gaps.add(Duration.between(
                                calls.get(i - 1).answeredAt(), calls.get(i).receivedAt())
                        .toMillis());
            }
        }
        java.util.Collections.sort(gaps);
        System.out.printf(
                "lanes: 1000 commands, 200 syncs, 3 partitions, 50 ms latency: %d ms, peak %d requests in flight, "
                        + "median gap between one sync's calls %d ms%n",
                tookMs, simulator.peakInFlight(), gaps.get(gaps.size() / 2));
        assertThat(simulator.peakInFlight()).isGreaterThan(10);
    }

    @Test
    void anOutageLosesNothingAndDeadLettersNothing() throws InterruptedException {
        Duration outage = Duration.ofSeconds(Long.getLong("r1.outage-seconds", 60));
        outage("R1 outage", "503s", 503, outage, d -> simulator.faults().outage(d));
    }

    @Test
    void anOutageOfRecorded500sLosesNothingAndDeadLettersNothing() throws InterruptedException {
        // The API itself fails, and records each 500 under the request's Idempotency-Key for a day: a command that
        // met one must read state and go on under a new key, not replay its 500 until it expires.
        // Half R1's outage, the same 10,000 commands: what is new here is what a recorded 500 does to the commands
        // caught in it, and the suite must stay within its time.
        Duration outage = Duration.ofSeconds(Long.getLong("r1b.outage-seconds", Long.getLong("r1.outage-seconds", 30)));
        outage("R1b recorded 500s", "recorded 500s", 500, outage, d -> simulator
                .faults()
                .appOutage(d, 500));
    }

    /**
     * R1 at full scale (about 80 s); -Dr1.commands=500 -Dr1.outage-seconds=10 runs a quick version. Every command is
     * answered applied, none dead-lettered, none carried out twice (whatever keys its attempts used); once the breaker
     * is open only its half-open probes reach the API.
     */
    private void outage(
            String label, String what, int status, Duration outage, java.util.function.Consumer<Duration> inject)
            throws InterruptedException {
        int total = Integer.getInteger("r1.commands", 10_000);
        List<SimSync> syncs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            syncs.add(simulator.addModelSync(UUID.randomUUID(), true));
        }
        List<String[]> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String id = String.format("out-%05d-%s", i, UUID.randomUUID());
            ids.add(id);
            records.add(new String[] {
                syncs.get(i % syncs.size()).id(), command(id, i % 2 == 0 ? "activate" : "deactivate", "model", null)
            });
        }
        java.time.Instant outageStart = java.time.Instant.now();
        inject.accept(outage);
        // The commands arrive while the API is down, spread over the outage.
        int slices = 20;
        for (int s = 0; s < slices; s++) {
            kafka.sendAll(COMMANDS, records.subList(s * total / slices, (s + 1) * total / slices));
            Thread.sleep(outage.toMillis() / slices);
        }

        List<JsonNode> results = results(ids, 1);

        assertThat(results)
                .hasSize(total)
                .extracting(r -> r.path("outcome").asText())
                .containsOnly("applied");
        List<JournalEntry> applied = simulator.journal().entries().stream()
                .filter(JournalEntry::appliedPost)
                .toList();
        // A command's attempts use keys of their own after a recorded failure; count what was carried out per command.
        Map<String, Long> appliedPerCommand = applied.stream()
                .collect(
                        Collectors.groupingBy(e -> SyncCommand.commandIdOf(e.idempotencyKey()), Collectors.counting()));
        long duplicateMutations =
                appliedPerCommand.values().stream().filter(n -> n > 1).count();
        List<JournalEntry> refused = simulator.journal().entries().stream()
                .filter(e -> e.status() == status && e.receivedAt().isBefore(outageStart.plus(outage)))
                .toList();
        // Calls stop while the breaker is open: past the first seconds only the breaker's half-open probes get out
        // (without a breaker, 50 lanes retrying every 50-500 ms would make hundreds of calls a second).
        long[] perSecond = new long[(int) outage.toSeconds() + 1];
        for (JournalEntry e : refused) {
            int second = (int) Duration.between(outageStart, e.receivedAt()).toSeconds();
            perSecond[Math.max(0, Math.min(perSecond.length - 1, second))]++;
        }
        long afterOpening = refused.stream()
                .filter(e -> e.receivedAt().isAfter(outageStart.plusSeconds(2)))
                .count();
        long replayed = simulator.journal().entries().stream()
                .filter(JournalEntry::replayed)
                .count();
        System.out.printf(
                "%s: %d s of %s while %d commands arrived: %d calls refused (per second: %s), %d in the last %d s; "
                        + "%d applied, %d confirmed by reading state, %d mutations carried out, 0 lost, "
                        + "0 dead-lettered, %d duplicate mutations, %d answers replayed%n",
                label,
                outage.toSeconds(),
                what,
                total,
                refused.size(),
                java.util.Arrays.toString(perSecond),
                afterOpening,
                outage.toSeconds() - 2,
                results.size(),
                results.stream()
                        .filter(r -> "state-read".equals(r.path("confirmedBy").asText()))
                        .count(),
                applied.size(),
                duplicateMutations,
                replayed);
        assertThat(duplicateMutations).isZero();
        assertThat(appliedPerCommand.keySet()).isSubsetOf(ids);
        assertThat(afterOpening).isLessThanOrEqualTo(5 * (outage.toSeconds() - 2));
        assertThat(kafka.readFor(DLQ, Duration.ofMillis(500)).stream()
                        .filter(r -> syncs.stream().anyMatch(s -> s.id().equals(text(r.key())))))
                .as("dead-lettered")
                .isEmpty();
    }

    @Test
    void rateLimitedCommandsWaitForRetryAfterAndAreAllApplied() {
        try (LogCapture log = LogCapture.of("io.polybridge")) {
            rateLimitedCommandsWaitForRetryAfter(log);
        }
    }

    private void rateLimitedCommandsWaitForRetryAfter(LogCapture log) {
        List<SimSync> syncs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            syncs.add(simulator.addModelSync(UUID.randomUUID(), true));
        }
        simulator.faults().rateLimitFor(Duration.ofSeconds(2));
        List<String> ids = new ArrayList<>();
        for (SimSync sync : syncs) {
            String id = newId();
            ids.add(id);
            kafka.send(COMMANDS, sync.id(), command(id, "activate", "model", null));
        }

        assertThat(results(ids, 1)).extracting(r -> r.path("outcome").asText()).containsOnly("applied");
        java.time.Instant windowEnd = simulator.faults().rateLimitWindowEnd();
        List<JournalEntry> calls = simulator.journal().entries().stream()
                .filter(e -> e.method().equals("POST"))
                .toList();
        long limited = calls.stream().filter(e -> e.status() == 429).count();
        System.out.printf(
                "R2 rate limit: %d commands, %d calls answered 429, %d applied, 0 lost%n",
                ids.size(),
                limited,
                calls.stream().filter(e -> e.status() == 200).count());
        assertThat(limited).isPositive();
        // After a 429 (whose Retry-After counts down to the window's end) a sync's next call waits for the end.
        for (SimSync sync : syncs) {
            List<JournalEntry> mine = simulator.journal().mutations(sync.id());
            boolean limitedYet = false;
            for (JournalEntry call : mine) {
                if (limitedYet) {
                    assertThat(call.receivedAt())
                            .as("call after a 429 for %s", sync.id())
                            .isAfterOrEqualTo(windowEnd);
                }
                limitedYet |= call.status() == 429;
            }
        }
        assertThat(calls.stream().filter(e -> e.status() == 200).map(e -> SyncCommand.commandIdOf(e.idempotencyKey())))
                .containsExactlyInAnyOrderElementsOf(ids);
        // A retry runs on another thread than the command's start, yet its log line carries the command's MDC fields.
        Set<String> limitedCommands = calls.stream()
                .filter(e -> e.status() == 429)
                .map(e -> SyncCommand.commandIdOf(e.idempotencyKey()))
                .collect(Collectors.toSet());
        for (String command : limitedCommands) {
            String sync = syncs.get(ids.indexOf(command)).id();
            assertThat(log.lines()).as("retry log line of %s", command).anySatisfy(l -> {
                assertThat(l.message()).startsWith("API activate: attempt").contains("rate_limited (HTTP 429)");
                assertThat(l.mdc()).containsEntry("commandId", command).containsEntry("syncId", sync);
            });
        }
    }

    @Test
    void deactivateCancelsARunningExecutionWhenAskedForModelAndAlwaysForBulk() {
        SimSync model = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        SimSync bulk = simulator.addBulkSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        model.startExecution();
        bulk.startExecution();
        String modelCommand = newId();
        String bulkCommand = newId();

        kafka.send(COMMANDS, model.id(), command(modelCommand, "deactivate", "model", "{\"cancelRunning\":true}"));
        kafka.send(COMMANDS, bulk.id(), command(bulkCommand, "deactivate", "bulk", null));

        assertThat(results(List.of(modelCommand, bulkCommand), 1))
                .extracting(r -> r.path("outcome").asText())
                .containsOnly("applied");
        // Two calls of one command, each with a key of its own.
        assertThat(simulator.journal().mutations(model.id()))
                .extracting(JournalEntry::path, e -> SyncCommand.commandIdOf(e.idempotencyKey()))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/api/syncs/" + model.id() + "/activate", modelCommand),
                        org.assertj.core.groups.Tuple.tuple("/api/syncs/" + model.id() + "/cancel", modelCommand));
        assertThat(simulator.journal().mutations(model.id()))
                .extracting(JournalEntry::idempotencyKey)
                .doesNotHaveDuplicates()
                .last()
                .asString()
                .endsWith("-cancel");
        assertThat(simulator.journal().mutations(bulk.id()))
                .extracting(JournalEntry::path)
                .containsExactly("/api/bulk/syncs/" + bulk.id() + "/activate");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(model.lastExecution().orElseThrow().status()).isEqualTo("canceled");
            assertThat(bulk.lastExecution().orElseThrow().status()).isEqualTo("canceled");
        });
    }

    @Test
    void theCancelStepOfADeactivateLogsItsRetryWithTheCommandsFields() {
        SimSync model = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        model.startExecution();
        String command = newId();
        // Only the second call of the command, built on the thread that got the deactivate's answer, is refused once.
        simulator.faults().onlyPath("/api/syncs/" + model.id() + "/cancel").rateLimitNext(1, 1);

        try (LogCapture log = LogCapture.of("io.polybridge")) {
            kafka.send(COMMANDS, model.id(), command(command, "deactivate", "model", "{\"cancelRunning\":true}"));

            assertThat(results(List.of(command), 1))
                    .extracting(r -> r.path("outcome").asText())
                    .containsOnly("applied");
            assertThat(simulator.journal().mutations(model.id()))
                    .extracting(JournalEntry::status)
                    .containsExactly(200, 429, 200);
            assertThat(log.lines()).anySatisfy(l -> {
                assertThat(l.message()).startsWith("API cancel: attempt 2 after rate_limited (HTTP 429)");
                assertThat(l.mdc()).containsEntry("commandId", command).containsEntry("syncId", model.id());
            });
        }
    }

    @Test
    void refusedCommandsAreRejectedAndDeadLetteredWithTheApiReason() {
        try (LogCapture log = LogCapture.of("io.polybridge.command")) {
            refusedCommandsAreRejectedAndDeadLettered(log);
        }
    }

    private void refusedCommandsAreRejectedAndDeadLettered(LogCapture log) {
        String unknown = UUID.randomUUID().toString();
        SimSync running = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(5));
        running.startExecution();
        String missing = newId();
        String conflict = newId();
        kafka.send(COMMANDS, unknown, command(missing, "activate", "model", null));
        kafka.send(COMMANDS, running.id(), command(conflict, "start", "model", null));

        List<JsonNode> results = results(List.of(missing, conflict), 1);
        JsonNode rejected = results.stream()
                .filter(r -> r.path("commandId").asText().equals(missing))
                .findFirst()
                .orElseThrow();
        JsonNode conflicted = results.stream()
                .filter(r -> r.path("commandId").asText().equals(conflict))
                .findFirst()
                .orElseThrow();
        assertThat(rejected.path("outcome").asText()).isEqualTo("rejected");
        assertThat(rejected.path("httpStatus").asInt()).isEqualTo(404);
        assertThat(conflicted.path("outcome").asText()).isEqualTo("conflict");
        assertThat(conflicted.path("httpStatus").asInt()).isEqualTo(409);
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readUntil(
                DLQ, Duration.ofSeconds(30), seen -> seen.stream().anyMatch(r -> unknown.equals(text(r.key()))));
        ConsumerRecord<byte[], byte[]> record = dead.stream()
                .filter(r -> unknown.equals(text(r.key())))
                .findFirst()
                .orElseThrow();
        assertThat(header(record, "dead-letter-reason")).startsWith("rejected: not_found (HTTP 404)");
        assertThat(dead).noneMatch(r -> running.id().equals(text(r.key())));
        // Operators see both in the log: the refusal as a warning, each line with the command's MDC fields.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.lines())
                .anySatisfy(l -> {
                    assertThat(l.level().intValue()).isEqualTo(java.util.logging.Level.WARNING.intValue());
                    assertThat(l.message()).contains("rejected (HTTP 404)");
                    assertThat(l.mdc()).containsEntry("syncId", unknown).containsEntry("commandId", missing);
                })
                .anySatisfy(l -> {
                    assertThat(l.message()).contains("conflict (HTTP 409)");
                    assertThat(l.mdc()).containsEntry("syncId", running.id()).containsEntry("commandId", conflict);
                }));
    }
}
