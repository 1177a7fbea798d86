package io.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.bench.PeerProcess.PeerTopics;
import io.polybridge.simulator.Exchange;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The peer beside the bridge in one run: the P1 and P2 shapes on the peer (commands/s, CPU per command), its start to
 * ready and RSS, and what it does under the R1 outage (lost, duplicated, dead-lettered). The peer writes no result, so
 * a peer run ends with the API's answer to its last command, a little before the bridge's would (its run ends when the
 * result is read): if anything, that favours the peer.
 */
final class PeerBenchmark implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int P1_COMMANDS = 12_000;
    /** Fewer than the bridge's 6000: the peer takes over 20 ms per command and partition, so 6000 would take a minute. */
    private static final int P2_COMMANDS = Integer.getInteger("bench.peer-p2-commands", 1500);

    private final PolytomicSimulator simulator;
    private final PeerProcess peer;
    private final CommandLoad load;
    private final PeerTopics topics;
    private final String bootstrap;
    private final int partitions;
    private final Duration ready;
    final List<Double> p1Rates = new ArrayList<>();
    final List<Double> p1Cpu = new ArrayList<>();
    final List<Double> p2Rates = new ArrayList<>();
    final List<Double> p2Cpu = new ArrayList<>();
    final List<Double> rss = new ArrayList<>();
    private String r1 = "not run";

    private PeerBenchmark(
            PolytomicSimulator simulator,
            PeerProcess peer,
            PeerTopics topics,
            String bootstrap,
            int partitions,
            Duration ready) {
        this.simulator = simulator;
        this.peer = peer;
        this.topics = topics;
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.ready = ready;
        this.load = new CommandLoad(bootstrap, topics.commands(), topics.deadLetter());
    }

    /** Creates the peer's topics in the shape of the bridge's commands topic, starts the peer, waits until ready. */
    static PeerBenchmark start(String bootstrap, PolytomicSimulator simulator, String bridgeCommandsTopic)
            throws Exception {
        PeerTopics topics = PeerTopics.DEFAULT;
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            partitions = admin.describeTopics(List.of(bridgeCommandsTopic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(bridgeCommandsTopic)
                    .partitions()
                    .size();
            admin.createTopics(List.of(
                            new NewTopic(topics.commands(), partitions, (short) 1),
                            new NewTopic(topics.deadLetter(), 1, (short) 1),
                            // Camel's documentation: one partition, so that every instance reads every command ID.
                            new NewTopic(topics.commandIds(), 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        int redeliveries = Integer.getInteger("bench.peer-max-redeliveries", 5);
        PeerProcess peer =
                PeerProcess.start(bootstrap, simulator.baseUrl(), Benchmark.KEY, topics, partitions, redeliveries);
        Duration ready = peer.awaitReady(Duration.ofSeconds(120));
        System.out.printf(
                "  peer (Camel route, %d consumer threads, one per partition) ready after %.1f s%n",
                partitions, ready.toMillis() / 1000.0);
        return new PeerBenchmark(simulator, peer, topics, bootstrap, partitions, ready);
    }

    PeerProcess process() {
        return peer;
    }

    Duration ready() {
        return ready;
    }

    /** One warm-up round on the peer, in the shape of the bridge's round: fresh syncs, the same commands. */
    String warmRound(List<SimSync> syncs, boolean withLatency) throws Exception {
        int n = withLatency ? 600 : 4000;
        double rate = rate("warm", syncs, n, () -> {});
        return String.format("peer %.0f cmd/s", rate);
    }

    /** P1's shape on the peer: 500 syncs, no API latency. */
    void p1Run(List<SimSync> syncs) throws Exception {
        long cpuBefore = peer.cpuMillis();
        ThreadProfile.Start threads = ThreadProfile.start(peer);
        double rate = rate("p1", syncs, P1_COMMANDS, () -> rss.add(peer.rssKib() / 1024.0));
        double cpu = (peer.cpuMillis() - cpuBefore) / (double) P1_COMMANDS;
        p1Rates.add(rate);
        p1Cpu.add(cpu);
        System.out.printf(
                "  P1 peer run: %.0f cmd/s, peer CPU per command %.2f ms; peer: %s%n",
                rate, cpu, threads.end().describe(P1_COMMANDS));
    }

    /** P2's shape on the peer: 1000 syncs, 20 ms API latency (set by the caller). */
    void p2Run(List<SimSync> syncs) throws Exception {
        long cpuBefore = peer.cpuMillis();
        ThreadProfile.Start threads = ThreadProfile.start(peer);
        double rate = rate("p2", syncs, P2_COMMANDS, () -> {});
        double cpu = (peer.cpuMillis() - cpuBefore) / (double) P2_COMMANDS;
        p2Rates.add(rate);
        p2Cpu.add(cpu);
        System.out.printf(
                "  P2 peer run: %.0f cmd/s (%d commands), ideal for %d partitions one at a time %.0f cmd/s, peer CPU "
                        + "per command %.2f ms; peer: %s%n",
                rate,
                P2_COMMANDS,
                partitions,
                partitions / 0.020,
                cpu,
                threads.end().describe(P2_COMMANDS));
    }

    /**
     * Sends {@code n} activate/deactivate commands round the syncs and waits until the API has answered each with a
     * success; commands/s from the first send to the last answer.
     */
    private double rate(String prefix, List<SimSync> syncs, int n, Sampler sample) throws Exception {
        Set<String> wanted = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong last = new AtomicLong();
        Consumer<Exchange> observer = exchange -> {
            String key = exchange.headers().get("idempotency-key");
            if (key != null && exchange.status() / 100 == 2 && wanted.remove(key)) {
                last.set(System.nanoTime());
                if (wanted.isEmpty()) {
                    done.countDown();
                }
            }
        };
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + "-" + java.util.UUID.randomUUID());
        }
        wanted.addAll(ids);
        simulator.addObserver(observer);
        try {
            long start = System.nanoTime();
            load.sendActivations(syncs, ids);
            long deadline = System.currentTimeMillis() + 300_000;
            while (!done.await(500, TimeUnit.MILLISECONDS)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(wanted.size() + " of the peer's commands without an API call");
                }
                sample.run();
            }
            return n / ((last.get() - start) / 1e9);
        } finally {
            simulator.removeObserver(observer);
        }
    }

    /**
     * R1 on the peer: {@code commands} over 50 syncs arrive during an outage of 503s; once every command is applied or
     * dead-lettered (or a limit passes), counts what was lost, dead-lettered and carried out twice.
     */
    void r1(int commands, Duration outage) throws Exception {
        List<SimSync> syncs = Benchmark.activeModelSyncs(simulator, 50);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            ids.add(String.format("r1-%05d-%s", i, java.util.UUID.randomUUID()));
        }
        Set<String> all = new HashSet<>(ids);
        Set<String> deadLettered = new HashSet<>();
        simulator.faults().clear();
        simulator.journal().clear();
        Instant outageStart = Instant.now();
        try (KafkaConsumer<String, String> dlq = load.tail(topics.deadLetter())) {
            simulator.faults().outage(outage);
            int slices = 20;
            for (int s = 0; s < slices; s++) {
                load.sendActivations(syncs, ids.subList(s * commands / slices, (s + 1) * commands / slices));
                Thread.sleep(outage.toMillis() / slices);
            }
            Instant outageEnd = outageStart.plus(outage);
            // The retry budget (five redeliveries, 1 s doubling: 31 s) and the breaker's 10 s, and room to catch up.
            long deadline = System.currentTimeMillis() + 180_000;
            Set<String> applied = Set.of();
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : dlq.poll(Duration.ofMillis(500))) {
                    JsonNode command = JSON.readTree(r.value());
                    if (all.contains(command.path("id").asText())) {
                        deadLettered.add(command.path("id").asText());
                    }
                }
                applied = appliedKeys(all);
                if (applied.size() + deadLettered.size() >= commands) {
                    break;
                }
            }
            Map<String, Long> appliedPerCommand = simulator.journal().entries().stream()
                    .filter(JournalEntry::appliedPost)
                    .filter(e -> all.contains(e.idempotencyKey()))
                    .collect(Collectors.groupingBy(JournalEntry::idempotencyKey, Collectors.counting()));
            long twice = appliedPerCommand.values().stream().filter(c -> c > 1).count();
            long refused = simulator.journal().entries().stream()
                    .filter(e -> e.status() == 503 && all.contains(e.idempotencyKey()))
                    .count();
            Set<String> settled = new HashSet<>(applied);
            settled.addAll(deadLettered);
            long lost = commands - settled.size();
            long bothWays = applied.stream().filter(deadLettered::contains).count();
            r1 = String.format(
                    "%d commands over 50 syncs during %d s of 503s: %d applied, %d dead-lettered (%d of them applied "
                            + "too), %d lost, %d carried out twice; %d calls refused; all settled %d s after the outage"
                            + " ended",
                    commands,
                    outage.toSeconds(),
                    applied.size(),
                    deadLettered.size(),
                    bothWays,
                    lost,
                    twice,
                    refused,
                    Math.max(0, Duration.between(outageEnd, Instant.now()).toSeconds()));
            System.out.println("  R1 peer: " + r1);
        } finally {
            simulator.faults().clear();
        }
    }

    private Set<String> appliedKeys(Set<String> ids) {
        return simulator.journal().entries().stream()
                .filter(JournalEntry::appliedPost)
                .map(JournalEntry::idempotencyKey)
                .filter(ids::contains)
                .collect(Collectors.toSet());
    }

    String r1() {
        return r1;
    }

    int partitions() {
        return partitions;
    }

    @Override
    public void close() throws Exception {
        load.close();
        peer.close();
    }

    /** A sample taken while a run waits for its answers (e.g. the peer's RSS). */
    interface Sampler {
        void run() throws Exception;
    }
}
