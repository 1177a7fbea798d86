package io.polybridge.process;

import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.kafka.Partitioner;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.SimulatorOptions;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.LibrdkafkaPartitioner;
import io.polybridge.support.PrometheusText;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One owner per sync, whoever produces its commands and whichever instance is asked about it. Two packaged bridges
 * share three partitions; a Go, Python or .NET service (librdkafka's CRC-32 partitioner) and a Java one (murmur2)
 * send commands for the same syncs, so one sync's commands arrive on partitions of both instances; and the HTTP API
 * is asked on the instance that does not own the sync.
 */
class PartitionOwnershipProcessIT {

    static final String KEY = "ownership-test-key-1";
    static final String PREFIX = "ownership-" + UUID.randomUUID() + ".";
    static final String COMMANDS = PREFIX + "commands";
    static final String RESULTS = PREFIX + "results";
    static final String STATUS = PREFIX + "status";
    static final String DLQ = PREFIX + "dlq";
    static final int PARTITIONS = 3;
    static final Pattern PARTITIONS_DATA = Pattern.compile("\"partitions\"\\s*:\\s*\"\\[([0-9, ]*)\\]\"");

    static PolytomicSimulator simulator;
    static KafkaTestClient java;
    static KafkaProducer<byte[], byte[]> librdkafka;
    static BridgeProcess a;
    static BridgeProcess b;
    /** Which instance owns each commands partition. */
    static Map<Integer, BridgeProcess> owners;

    @BeforeAll
    static void twoInstances() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
                .withApiKey(KEY)
                .withTiming(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofSeconds(1)));
        // Long enough that two instances applying one sync's commands at once would overlap in the journal.
        simulator.faults().latency(Duration.ofMillis(40));
        java = new KafkaTestClient();
        librdkafka = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.PARTITIONER_CLASS_CONFIG, LibrdkafkaPartitioner.class));
        Map<String, String> env = Map.of(
                "KAFKA_GROUP_ID",
                PREFIX + "group",
                "BRIDGE_TOPICS_COMMANDS",
                COMMANDS,
                "BRIDGE_TOPICS_COMMAND_RESULTS",
                RESULTS,
                "BRIDGE_TOPICS_STATUS",
                STATUS,
                "BRIDGE_TOPICS_DEAD_LETTER",
                DLQ,
                "BRIDGE_TOPICS_COMMAND_DEDUP",
                PREFIX + "dedup",
                "BRIDGE_TOPICS_STATUS_STATE",
                PREFIX + "state",
                "BRIDGE_TOPICS_PARTITIONS",
                String.valueOf(PARTITIONS));
        a = BridgeProcess.start("owner-a", bootstrap, simulator.baseUrl(), KEY, env);
        b = BridgeProcess.start("owner-b", bootstrap, simulator.baseUrl(), KEY, env);
        a.awaitReady(Duration.ofSeconds(90));
        b.awaitReady(Duration.ofSeconds(90));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<Integer, BridgeProcess> seen = new HashMap<>();
                    owned(a).forEach(p -> seen.put(p, a));
                    owned(b).forEach(p -> seen.put(p, b));
                    owners = seen;
                    return !owned(a).isEmpty() && !owned(b).isEmpty() && seen.size() == PARTITIONS;
                });
    }

    @AfterAll
    static void stop() throws Exception {
        List<String> surfaces = new ArrayList<>();
        for (BridgeProcess bridge : new BridgeProcess[] {a, b}) {
            if (bridge != null) {
                surfaces.addAll(bridge.surfaces());
                bridge.close();
            }
        }
        if (librdkafka != null) {
            librdkafka.close();
        }
        if (java != null) {
            java.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        assertThat(surfaces).noneMatch(s -> s.contains(KEY));
    }

    @Test
    void commandsFromAnyPartitionerAreAppliedByTheSyncsOwnerAloneOnceEachInTheOrderSent() throws Exception {
        // Syncs whose commands land on a partition of each instance, depending on the producer.
        List<SimSync> syncs = new ArrayList<>();
        while (syncs.size() < 6) {
            String id = UUID.randomUUID().toString();
            int crc = LibrdkafkaPartitioner.partitionFor(bytes(id), PARTITIONS);
            if (owners.get(crc) != owners.get(Partitioner.partitionFor(id, PARTITIONS))) {
                syncs.add(simulator.addModelSync(id, true));
            }
        }
        Instant sent = Instant.now();
        Map<String, List<String>> sentBy = new LinkedHashMap<>();
        for (int round = 0; round < 4; round++) {
            String action = round % 2 == 0 ? "deactivate" : "activate";
            for (SimSync sync : syncs) {
                String go = "go-" + round + "-" + UUID.randomUUID();
                String jv = "java-" + round + "-" + UUID.randomUUID();
                librdkafka.send(new ProducerRecord<>(COMMANDS, bytes(sync.id()), bytes(command(go, action))));
                java.sendAll(COMMANDS, List.<String[]>of(new String[] {sync.id(), command(jv, action)}));
                sentBy.computeIfAbsent(sync.id() + "/go", k -> new ArrayList<>())
                        .add(go);
                sentBy.computeIfAbsent(sync.id() + "/java", k -> new ArrayList<>())
                        .add(jv);
            }
        }
        // The same record without an ID twice: its derived ID must match after forwarding, so one is a duplicate.
        String idless = "{\"action\":\"activate\",\"syncType\":\"model\"}";
        librdkafka.send(new ProducerRecord<>(COMMANDS, bytes(syncs.get(0).id()), bytes(idless)));
        librdkafka.send(new ProducerRecord<>(COMMANDS, bytes(syncs.get(0).id()), bytes(idless)));
        // Not a sync ID: dead-lettered where it arrived, never forwarded.
        String badKey = "not-a-sync-" + UUID.randomUUID();
        librdkafka.send(
                new ProducerRecord<>(COMMANDS, bytes(badKey), bytes(command("bad-" + UUID.randomUUID(), "activate"))));
        librdkafka.flush();

        Set<String> ids = sentBy.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        String first = syncs.get(0).id();
        java.util.function.Predicate<JsonNode> idlessCopy =
                r -> r.path("commandId").asText().startsWith("d-")
                        && first.equals(r.path("syncId").asText());
        List<JsonNode> results = KafkaTestClient.json(java.readUntil(RESULTS, Duration.ofSeconds(90), seen -> {
            List<JsonNode> json = KafkaTestClient.json(seen);
            Set<String> answered =
                    json.stream().map(r -> r.path("commandId").asText()).collect(Collectors.toSet());
            return answered.containsAll(ids) && json.stream().filter(idlessCopy).count() >= 2;
        }));
        assertThat(results)
                .filteredOn(idlessCopy)
                .extracting(r -> r.path("outcome").asText())
                .containsExactlyInAnyOrder("applied", "duplicate");
        ConsumerRecord<byte[], byte[]> dead = java
                .readUntil(
                        DLQ, Duration.ofSeconds(30), seen -> seen.stream().anyMatch(r -> badKey.equals(text(r.key()))))
                .stream()
                .filter(r -> badKey.equals(text(r.key())))
                .findFirst()
                .orElseThrow();
        assertThat(header(dead, "dead-letter-partition"))
                .isEqualTo(String.valueOf(LibrdkafkaPartitioner.partitionFor(bytes(badKey), PARTITIONS)));

        Map<String, String> applier = new HashMap<>();
        for (SimSync sync : syncs) {
            List<JournalEntry> calls = simulator.journal().mutations(sync.id()).stream()
                    .filter(e -> !e.replayed())
                    .toList();
            Set<String> instances =
                    calls.stream().map(PartitionOwnershipProcessIT::instance).collect(Collectors.toSet());
            assertThat(instances).as("instances applying %s", sync.id()).hasSize(1);
            applier.put(sync.id(), instances.iterator().next());
            List<String> keys = calls.stream()
                    .map(e -> io.polybridge.command.SyncCommand.commandIdOf(e.idempotencyKey()))
                    .toList();
            assertThat(keys).as("each command of %s applied once", sync.id()).doesNotHaveDuplicates();
            for (String producer : List.of("go", "java")) {
                assertThat(keys.stream()
                                .filter(k -> k.startsWith(producer + "-"))
                                .toList())
                        .as("%s's commands for %s, in the order sent", producer, sync.id())
                        .containsExactlyElementsOf(sentBy.get(sync.id() + "/" + producer));
            }
            for (int i = 1; i < calls.size(); i++) {
                assertThat(calls.get(i).receivedAt())
                        .as("%s: a call only once the one before it was answered", sync.id())
                        .isAfterOrEqualTo(calls.get(i - 1).answeredAt());
            }
        }
        // The instance that applies a sync's commands is the one that polls it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        MultiInstanceProcessIT.pollersBySync(simulator.journal().entries(), sent, Instant.MAX))
                .containsKeys(syncs.stream().map(SimSync::id).toArray(String[]::new)));
        Map<String, Set<String>> pollers =
                MultiInstanceProcessIT.pollersBySync(simulator.journal().entries(), sent, Instant.MAX);
        for (SimSync sync : syncs) {
            assertThat(pollers.get(sync.id())).as("pollers of %s", sync.id()).containsExactly(applier.get(sync.id()));
        }
        double forwarded = PrometheusText.sum(a.get("/q/metrics"), "bridge_commands_forwarded_total")
                + PrometheusText.sum(b.get("/q/metrics"), "bridge_commands_forwarded_total");
        System.out.printf(
                "mixed partitioners: %d syncs, %d commands, %d forwarded to their sync's partition%n",
                syncs.size(), ids.size() + 2, (long) forwarded);
        assertThat(forwarded).isGreaterThan(0);
    }

    @Test
    void anyInstanceAnswersForAnySyncAndReconcilesItThroughItsOwner() throws Exception {
        SimSync ofA = simulator.addModelSync(syncOwnedBy(a), true);
        SimSync ofB = simulator.addModelSync(syncOwnedBy(b), true);
        String forA = "own-" + UUID.randomUUID();
        String forB = "own-" + UUID.randomUUID();
        // Started runs last minutes: both syncs stay tracked, each by its owner.
        java.send(COMMANDS, ofA.id(), command(forA, "start"));
        java.send(COMMANDS, ofB.id(), command(forB, "start"));
        java.readUntil(RESULTS, Duration.ofSeconds(30), seen -> KafkaTestClient.json(seen).stream()
                .map(r -> r.path("commandId").asText())
                .collect(Collectors.toSet())
                .containsAll(List.of(forA, forB)));

        // The instance that does not own a sync answers for it as well as its owner does.
        Map<SimSync, BridgeProcess> ownerOf = Map.of(ofA, a, ofB, b);
        for (BridgeProcess asked : List.of(b, a)) {
            for (SimSync sync : List.of(ofA, ofB)) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                                asked.get("/syncs/" + sync.id()))
                        .as(
                                "%s asked about a sync of %s",
                                asked.name(), ownerOf.get(sync).name())
                        .contains("\"syncId\":\"" + sync.id() + "\""));
            }
            assertThat(asked.get("/syncs"))
                    .as("%s lists every tracked sync", asked.name())
                    .contains(ofA.id(), ofB.id());
        }

        // A bulk sync nobody tracks, with a run under way: reconciled through the instance that does not own it.
        SimSync idle = simulator.addBulkSync(syncOwnedBy(a), true, "contact");
        String execution = idle.startExecution();
        assertThat(b.post("/syncs/" + idle.id() + "/reconcile").statusCode())
                .as("not tracked, and no syncType to start tracking it with")
                .isEqualTo(404);
        HttpResponse<String> accepted = b.post("/syncs/" + idle.id() + "/reconcile?syncType=bulk");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String reconcileId =
                new ObjectMapper().readTree(accepted.body()).path("commandId").asText();

        List<JsonNode> events =
                KafkaTestClient.json(java.readUntil(STATUS, Duration.ofSeconds(30), seen -> seen.stream()
                        .anyMatch(r -> idle.id().equals(text(r.key())))));
        assertThat(events)
                .filteredOn(e -> idle.id().equals(e.path("syncId").asText()))
                .singleElement()
                .satisfies(e -> assertThat(e.path("status").asText()).isEqualTo("running"))
                .satisfies(e -> assertThat(e.path("executionId").asText()).isEqualTo(execution));
        assertThat(MultiInstanceProcessIT.pollersBySync(simulator.journal().entries(), Instant.MIN, Instant.MAX)
                        .get(idle.id()))
                .as("polled by its owner only")
                .containsExactly("owner-a");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(b.get("/syncs/" + idle.id()))
                .contains(execution));
        JsonNode result = KafkaTestClient.json(
                        java.readUntil(RESULTS, Duration.ofSeconds(30), seen -> KafkaTestClient.json(seen).stream()
                                .anyMatch(r ->
                                        reconcileId.equals(r.path("commandId").asText()))))
                .stream()
                .filter(r -> reconcileId.equals(r.path("commandId").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(result.path("action").asText()).isEqualTo("reconcile");
        assertThat(result.path("outcome").asText()).isEqualTo("applied");
    }

    /** A new sync ID whose commands partition (as Java producers place it) the given instance owns. */
    static String syncOwnedBy(BridgeProcess instance) {
        IntPredicate ours = p -> owners.get(p) == instance;
        while (true) {
            String id = UUID.randomUUID().toString();
            if (ours.test(Partitioner.partitionFor(id, PARTITIONS))) {
                return id;
            }
        }
    }

    static Set<Integer> owned(BridgeProcess bridge) {
        Matcher m = PARTITIONS_DATA.matcher(bridge.get("/q/health"));
        Set<Integer> owned = new HashSet<>();
        if (m.find() && !m.group(1).isBlank()) {
            for (String p : m.group(1).split(",")) {
                owned.add(Integer.parseInt(p.strip()));
            }
        }
        return owned;
    }

    static String instance(JournalEntry call) {
        return call.headers().getOrDefault("user-agent", "").replaceAll(".*instance ([^)]+)\\).*", "$1");
    }

    static String command(String id, String action) {
        return "{\"id\":\"" + id + "\",\"action\":\"" + action + "\",\"syncType\":\"model\"}";
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
