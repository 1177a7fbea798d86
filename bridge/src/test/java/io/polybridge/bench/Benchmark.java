package io.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polybridge.dev.EmbeddedKafka;
import io.polybridge.process.BridgeProcess;
import io.polybridge.process.JvmProcess;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.SimulatorOptions;
import io.polybridge.support.PrometheusText;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Measures the packaged bridge against its baselines in one run (ratios, because shared machines are noisy):
 * P1 throughput, P2 lanes, P3 polling economy, P4 freshness, P5 footprint. Prints a table and writes
 * {@code target/benchmark.json}. Run with {@code ./mvnw -Pbenchmark -DskipTests verify}.
 */
public final class Benchmark {

    static final String KEY = "bench-key-0001";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    static final int LANES = 64;

    private final String bootstrap;
    private final PolytomicSimulator simulator;
    private final CommandLoad load;
    private final ObjectNode report = JSON.createObjectNode();
    private final List<Double> cpuPerCommandMillis = new ArrayList<>();
    private final List<Double> cpuCeilings = new ArrayList<>();
    private final List<Double> freeBridgeCeilings = new ArrayList<>();
    private final List<Double> p1Rates = new ArrayList<>();
    private final List<Double> p2Rates = new ArrayList<>();
    private final List<Double> p2CpuPerCommandMillis = new ArrayList<>();
    private final List<Double> httpCpuPerRequestMillis = new ArrayList<>();

    /** The peer (benchmark-peer: the same job from off-the-shelf parts), measured beside the bridge; null if off. */
    private PeerBenchmark peer;

    /** Runs the plain HTTP baseline's client, apart from the simulator's own event loops. */
    private final Vertx loadVertx = Vertx.vertx();

    private final HttpClient plainHttp;

    private Benchmark(String bootstrap, PolytomicSimulator simulator) {
        this.bootstrap = bootstrap;
        this.simulator = simulator;
        this.load = new CommandLoad(bootstrap, "polytomic.sync.commands", "polytomic.sync.command-results");
        URI base = URI.create(simulator.baseUrl());
        // Connections kept across runs, as the bridge keeps its own: no connection set-up inside a timed run.
        this.plainHttp = loadVertx.createHttpClient(
                new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort()),
                new PoolOptions().setHttp1MaxSize(LANES));
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            String bootstrap = EmbeddedKafka.shared(0);
            try (PolytomicSimulator simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
                    .withApiKey(KEY)
                    .withTiming(Duration.ZERO, Duration.ofMinutes(30), Duration.ofSeconds(1))
                    // No fault is injected here, so nothing is retried by key. Kept longer, the hundreds of
                    // thousands of keys a run uses took hundreds of MiB of this JVM's heap and made its collector
                    // part of every baseline.
                    .withIdempotencyRetention(Duration.ofSeconds(10)))) {
                String other = System.getProperty("bench.compare", "").strip();
                if ("start".equals(System.getProperty("bench.only", "").strip())) {
                    new StartComparison(bootstrap, simulator).run();
                } else if (!other.isEmpty()) {
                    new Comparison(bootstrap, simulator).run(Path.of(other));
                } else {
                    Benchmark benchmark = new Benchmark(bootstrap, simulator);
                    try {
                        benchmark.run();
                    } finally {
                        benchmark.loadVertx.close();
                    }
                }
            }
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            // The embedded broker's threads would keep the JVM, and the build that started it, alive.
            System.exit(status);
        }
    }

    private void run() throws Exception {
        if ("feed".equals(System.getProperty("bench.only", "").strip())) {
            new FeedBenchmark(bootstrap, simulator, report).run();
            return;
        }
        Map<String, String> env = Map.of(
                "BRIDGE_STATUS_INTERVAL",
                "1s",
                "BRIDGE_STATUS_MAX_CALLS_PER_SECOND",
                "60",
                "BRIDGE_EVENTS_ENABLED",
                "false");
        try (BridgeProcess bridge = BridgeProcess.start("bench", bootstrap, simulator.baseUrl(), KEY, env)) {
            Duration ready = bridge.awaitReady(Duration.ofSeconds(120));
            Footprint footprint = Footprint.atReady(bridge, ready);
            String only = System.getProperty("bench.only", "").strip();
            if (Boolean.parseBoolean(System.getProperty("bench.peer", "true"))) {
                peer = PeerBenchmark.start(bootstrap, simulator, "polytomic.sync.commands");
            }
            if (only.equals("peer-r1") && peer != null) {
                // The peer's outage alone, e.g. to look at its threads while it waits.
                peer.r1(
                        Integer.getInteger("bench.peer-r1-commands", 2000),
                        Duration.ofSeconds(Integer.getInteger("bench.peer-r1-seconds", 60)));
                return;
            }
            // Freshness first, on an idle bridge: later figures leave thousands of syncs tracked.
            double[] p4 = only.isEmpty() ? freshness() : null;
            warmUp(bridge);
            List<Double> p1 = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            for (int i = 0; i < REPEATS && !only.equals("p2"); i++) {
                p1.add(throughputRatio(bridge, rss));
                footprint.sample(bridge);
                if (peer != null) {
                    simulator.faults().clear();
                    peer.p1Run(syncs(500));
                    simulator.journal().clear();
                }
            }
            List<Double> p2 = new ArrayList<>();
            List<Double> p2Http = new ArrayList<>();
            for (int i = 0; i < REPEATS && !only.equals("p1"); i++) {
                p2.add(lanesRatio(bridge, p2Http));
                if (peer != null) {
                    simulator.faults().clear().latency(Duration.ofMillis(20));
                    peer.p2Run(syncs(1000));
                    simulator.faults().clear();
                    simulator.journal().clear();
                }
            }
            if (!only.isEmpty()) {
                System.out.printf(
                        "Only %s: P1 %s (CPU-bound ceiling %s, bridge CPU per command %s), P2 %s (plain HTTP %s)%n",
                        only,
                        Stats.of(p1).format("x"),
                        Stats.of(cpuCeilings).format("x"),
                        Stats.of(cpuPerCommandMillis).format("ms"),
                        Stats.of(p2).format("x"),
                        Stats.of(p2Http).format("x"));
                return;
            }
            double p3 = pollingEconomy();
            if (peer != null) {
                // Last: the outage reaches every client of the simulator, the bridge's poller too.
                peer.r1(
                        Integer.getInteger("bench.peer-r1-commands", 2000),
                        Duration.ofSeconds(Integer.getInteger("bench.peer-r1-seconds", 60)));
            }
            print(Stats.of(p1), Stats.of(p2), Stats.of(p2Http), p3, p4, Stats.of(rss), ready);
            new Rows(report, peer, footprint)
                    .print(
                            Stats.of(p1Rates),
                            Stats.of(cpuPerCommandMillis),
                            Stats.of(p2Rates),
                            Stats.of(p2CpuPerCommandMillis),
                            Stats.of(httpCpuPerRequestMillis),
                            Stats.of(rss));
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
        new FeedBenchmark(bootstrap, simulator, report).run();
        Files.writeString(Path.of("target", "benchmark.json"), JSON.writeValueAsString(report));
    }

    /**
     * P1-shaped and P2-shaped loads in turn, not counted, on the bridge and on the plain HTTP baseline, until the JIT
     * has settled in both JVMs ({@link WarmUp}): the figures compare the steady state a long-running bridge is in.
     * Start-up cost is P5's figure.
     */
    private void warmUp(BridgeProcess bridge) throws Exception {
        List<JvmProcess> jvms = new ArrayList<>(List.of(bridge));
        if (peer != null) {
            jvms.add(peer.process());
        }
        WarmUp.until(jvms, round -> {
            // P1's shape and P2's (API latency) in turn, each on syncs of its own as in the measured runs: new syncs
            // take code paths of their own too (first tracking, the poller's first look at each).
            boolean withLatency = round % 2 == 1;
            List<SimSync> syncs = syncs(withLatency ? 1000 : 500);
            simulator.faults().clear();
            simulator.journal().clear();
            if (withLatency) {
                simulator.faults().latency(Duration.ofMillis(20));
            }
            // Sampled as the measured runs sample them, so that nothing a measured run does is new to the JIT.
            Runnable sample = withLatency ? () -> commandsInFlight(bridge) : () -> rssMib(bridge);
            double bridgeRate = load.commandRate("warm", syncs, 4000, sample);
            double httpRate = plainHttpRate(syncs, 4000);
            String peerRound = peer == null ? "" : ", " + peer.warmRound(syncs(syncs.size()), withLatency);
            return String.format(
                    "bridge %.0f cmd/s, plain HTTP %.0f req/s%s%s",
                    bridgeRate, httpRate, peerRound, withLatency ? " (20 ms API latency)" : "");
        });
        simulator.faults().clear();
    }

    /** P1: end-to-end commands/s over min(no-op consumer on the same records, plain HTTP load on the simulator). */
    private double throughputRatio(BridgeProcess bridge, List<Double> rss) throws Exception {
        simulator.faults().clear();
        List<SimSync> syncs = syncs(500);
        // A few seconds at this rate, so that the start and the end of a run weigh little.
        int n = 12_000;
        Measured run = measured(
                bridge,
                n,
                () -> load.commandRate("p1", syncs, n, () -> {
                    double mib = rssMib(bridge);
                    if (mib > 0) {
                        rss.add(mib);
                    }
                }));
        double bridgeRate = run.rate();
        p1Rates.add(bridgeRate);
        double cpuPerCommand = run.bridgeCpuPerCommand();
        double restPerCommand = run.restCpuPerCommand();
        cpuPerCommandMillis.add(cpuPerCommand);
        double consumerRate = noOpConsumerRate(n);
        // Five times as many requests: at tens of thousands per second, n alone would last a third of a second.
        int requests = 5 * n;
        long httpCpuBefore = WarmUp.ownCpuMillis();
        double httpRate = plainHttpRate(syncs, requests);
        double httpCpuPerRequest = (WarmUp.ownCpuMillis() - httpCpuBefore) / (double) requests;
        httpCpuPerRequestMillis.add(httpCpuPerRequest);
        // Only P3 reads the journal, and only its own calls; the plain runs add hundreds of thousands of entries.
        simulator.journal().clear();
        // Both sides saturate the same cores, so their CPU per command bounds the ratio this machine can show.
        cpuCeilings.add(httpCpuPerRequest / (cpuPerCommand + restPerCommand));
        // The same bound for a bridge that cost nothing: what the broker, the simulator and the load alone allow.
        freeBridgeCeilings.add(httpCpuPerRequest / restPerCommand);
        double baseline = Math.min(consumerRate, httpRate);
        System.out.printf(
                "  P1 run: bridge %.0f cmd/s (CPU per command: bridge %.2f ms, broker + simulator + load %.2f ms), "
                        + "no-op consumer %.0f rec/s, plain HTTP %.0f req/s (%.2f ms CPU per request); bridge: %s%n",
                bridgeRate,
                cpuPerCommand,
                restPerCommand,
                consumerRate,
                httpRate,
                httpCpuPerRequest,
                run.bridgeThreads().describe(n));
        return bridgeRate / baseline;
    }

    /**
     * P2: 1000 syncs, 20 ms API latency: commands/s over the ideal lanes / latency. For context, the plain HTTP load
     * at the same latency and concurrency over the same ideal: what this machine allows without the bridge.
     */
    private double lanesRatio(BridgeProcess bridge, List<Double> plainHttpRatios) throws Exception {
        simulator.faults().clear().latency(Duration.ofMillis(20));
        List<SimSync> syncs = syncs(1000);
        int n = 6000;
        List<Double> inFlight = new ArrayList<>();
        double[] callsBefore = activateCalls(bridge);
        Measured run = measured(
                bridge, n, () -> load.commandRate("p2", syncs, n, () -> inFlight.add(commandsInFlight(bridge))));
        double[] callsAfter = activateCalls(bridge);
        double rate = run.rate();
        p2Rates.add(rate);
        p2CpuPerCommandMillis.add(run.bridgeCpuPerCommand());
        double meanCallMillis = 1000 * (callsAfter[1] - callsBefore[1]) / (callsAfter[0] - callsBefore[0]);
        double ideal = LANES / 0.020;
        double httpRate = plainHttpRate(syncs, n);
        plainHttpRatios.add(httpRate / ideal);
        System.out.printf(
                "  P2 run: %.0f cmd/s, ideal %.0f cmd/s, plain HTTP at the same latency %.0f req/s; in the bridge: "
                        + "%.1f ms per API call, %s commands in flight; CPU per command: bridge %.2f ms, broker + "
                        + "simulator + load %.2f ms; bridge: %s%n",
                rate,
                ideal,
                httpRate,
                meanCallMillis,
                Stats.of(inFlight).format(""),
                run.bridgeCpuPerCommand(),
                run.restCpuPerCommand(),
                run.bridgeThreads().describe(n));
        simulator.faults().clear();
        return rate / ideal;
    }

    /**
     * A timed run's rate, what it cost per command in CPU (in the bridge, and here: broker, simulator, load), and where
     * the bridge's CPU went.
     */
    private record Measured(
            double rate, double bridgeCpuPerCommand, double restCpuPerCommand, ThreadProfile bridgeThreads) {}

    private Measured measured(BridgeProcess bridge, int n, Callable<Double> run) throws Exception {
        ThreadProfile.Start threads = ThreadProfile.start(bridge);
        long bridgeBefore = bridge.cpuMillis();
        long ownBefore = WarmUp.ownCpuMillis();
        double rate = run.call();
        return new Measured(
                rate,
                (bridge.cpuMillis() - bridgeBefore) / (double) n,
                (WarmUp.ownCpuMillis() - ownBefore) / (double) n,
                threads.end());
    }

    /** P3: list-status calls per poll cycle with 1000 tracked bulk syncs, over one call per sync. */
    private double pollingEconomy() throws Exception {
        List<SimSync> bulk = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        KafkaConsumer<String, String> results = load.results();
        for (int i = 0; i < 1000; i++) {
            SimSync sync = simulator.addBulkSync(UUID.randomUUID(), true);
            bulk.add(sync);
            String id = "p3-" + UUID.randomUUID();
            ids.add(id);
            load.send(sync.id(), id, "start", "bulk");
        }
        load.flush();
        load.awaitResults(results, ids, () -> {});
        Thread.sleep(3000); // let tracking settle into its steady cycle
        Instant from = Instant.now();
        Thread.sleep(10_000);
        Instant to = Instant.now();
        long calls = simulator.journal().entries().stream()
                .filter(e -> e.path().equals("/api/bulk/syncs/status"))
                .filter(e -> !e.receivedAt().isBefore(from) && e.receivedAt().isBefore(to))
                .count();
        double cycles = Duration.between(from, to).toMillis() / 1000.0;
        double perCycle = calls / cycles;
        report.put("p3_calls_per_cycle", perCycle);
        System.out.printf("  P3: %d list-status calls in %.1f cycles for 1000 bulk syncs%n", calls, cycles);
        return perCycle / 1000.0;
    }

    /** P4: delay from a status change in the simulator to its event on the topic; p50 and p99 over the interval. */
    private double[] freshness() throws Exception {
        List<SimSync> syncs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        KafkaConsumer<String, String> results = load.results();
        for (int i = 0; i < 40; i++) {
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
            syncs.add(sync);
            String id = "p4-" + UUID.randomUUID();
            ids.add(id);
            load.send(sync.id(), id, "start", "model");
        }
        load.flush();
        load.awaitResults(results, ids, () -> {});
        Thread.sleep(3000);
        Map<String, Long> changedAt = new HashMap<>();
        List<Double> delays = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = load.tail("polytomic.sync.status")) {
            for (SimSync sync : syncs) {
                Thread.sleep(97); // spread the changes over the poll interval
                sync.forceStatus("completed");
                changedAt.put(sync.id(), System.currentTimeMillis());
            }
            Set<String> seen = new HashSet<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < syncs.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode event = JSON.readTree(r.value());
                    Long at = changedAt.get(r.key());
                    if (at != null && "completed".equals(event.path("status").asText()) && seen.add(r.key())) {
                        delays.add((r.timestamp() - at) / 1000.0);
                    }
                }
            }
        }
        double p50 = Stats.percentile(delays, 0.50);
        double p99 = Stats.percentile(delays, 0.99);
        report.put("p4_samples", delays.size());
        return new double[] {p50, p99, 1.0};
    }

    private List<SimSync> syncs(int count) {
        return activeModelSyncs(simulator, count);
    }

    /** {@code count} new active model syncs in the simulator, for a run of its own. */
    static List<SimSync> activeModelSyncs(PolytomicSimulator simulator, int count) {
        List<SimSync> syncs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            syncs.add(simulator.addModelSync(UUID.randomUUID(), true));
        }
        return syncs;
    }

    /** How fast a consumer that does nothing reads the last {@code n} records of the commands topic. */
    private double noOpConsumerRate(int n) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "noop-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of("polytomic.sync.commands"));
            int read = 0;
            long start = System.nanoTime();
            while (read < n) {
                read += consumer.poll(Duration.ofMillis(100)).count();
            }
            return read / seconds(start);
        }
    }

    /**
     * The simulator's own rate under plain HTTP load at the bridge's concurrency: the API side of the baseline. The load
     * comes from a Vert.x client, the HTTP client the bridge calls the API with: the JDK's client spent more CPU per
     * request than the whole bridge per command, so it measured itself rather than the simulator.
     */
    private double plainHttpRate(List<SimSync> syncs, int n) throws Exception {
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        long start = System.nanoTime();
        for (int i = 0; i < LANES; i++) {
            plainHttpNext(syncs, n, issued, failed, done);
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException(done.getCount() + " plain HTTP requests without an answer");
        }
        double rate = n / seconds(start);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + n + " plain HTTP requests failed");
        }
        return rate;
    }

    /** Sends the next of {@code n} activations, and the one after it once this is answered. */
    private void plainHttpNext(
            List<SimSync> syncs, int n, AtomicInteger issued, AtomicInteger failed, CountDownLatch done) {
        int i = issued.getAndIncrement();
        if (i >= n) {
            return;
        }
        plainHttp
                .request(
                        HttpMethod.POST,
                        "/api/syncs/" + syncs.get(i % syncs.size()).id() + "/activate")
                .compose(request -> request.putHeader("Authorization", "Bearer " + KEY)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Idempotency-Key", "plain-" + UUID.randomUUID())
                        .send("{\"active\":true}")
                        .compose(response -> response.body().map(body -> response.statusCode())))
                .onComplete(answered -> {
                    boolean ok = answered.succeeded() && answered.result() / 100 == 2;
                    if (!ok) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                    if (ok) {
                        plainHttpNext(syncs, n, issued, failed, done);
                    } else {
                        // A failure may complete at once: the next request must not recurse on this stack.
                        loadVertx.runOnContext(v -> plainHttpNext(syncs, n, issued, failed, done));
                    }
                });
    }

    private void print(Stats p1, Stats p2, Stats p2Http, double p3, double[] p4, Stats rss, Duration ready) {
        report.set("p1_throughput_ratio", stats(p1));
        report.set("p1_cpu_bound_ceiling", stats(Stats.of(cpuCeilings)));
        report.set("p1_free_bridge_ceiling", stats(Stats.of(freeBridgeCeilings)));
        report.set("p2_lanes_ratio", stats(p2));
        report.set("p2_plain_http_ratio", stats(p2Http));
        report.put("p3_calls_per_cycle_over_calls_per_sync", p3);
        report.put("p4_p50_over_interval", p4[0] / p4[2]);
        report.put("p4_p99_over_interval", p4[1] / p4[2]);
        report.set("p5_rss_mib", stats(rss));
        report.set("p5_cpu_ms_per_command", stats(Stats.of(cpuPerCommandMillis)));
        report.put("p5_start_to_ready_s", ready.toMillis() / 1000.0);
        System.out.println();
        System.out.println("| figure | measured (min / median / max) | target |");
        System.out.println("|---|---|---|");
        System.out.printf("| P1 throughput vs min(no-op consumer, plain HTTP) | %s | >= 0.8 |%n", p1.format("x"));
        System.out.printf(
                "| P1 context: CPU per plain request / CPU per bridged command, all processes | %s | - |%n",
                Stats.of(cpuCeilings).format("x"));
        System.out.printf(
                "| P1 context: the same with the bridge's own CPU left out (a bridge that cost nothing) | %s | - |%n",
                Stats.of(freeBridgeCeilings).format("x"));
        System.out.printf("| P2 lanes: cmd/s vs 64 lanes / 20 ms | %s | >= 0.9 |%n", p2.format("x"));
        System.out.printf(
                "| P2 context: plain HTTP at 20 ms, 64 in flight, vs the same ideal | %s | - |%n", p2Http.format("x"));
        System.out.printf("| P3 status calls per cycle vs one per sync (1000 bulk) | 1/%.0f | <= 1/40 |%n", 1 / p3);
        System.out.printf(
                "| P4 freshness p50 / p99 vs poll interval (1 s) | %.2f x / %.2f x | <= 0.6 / <= 1.5 |%n",
                p4[0] / p4[2], p4[1] / p4[2]);
        System.out.printf("| P5 RSS under P1 load | %s | - |%n", rss.format("MiB"));
        System.out.printf(
                "| P5 bridge CPU per command under P1 load | %s | - |%n",
                Stats.of(cpuPerCommandMillis).format("ms"));
        System.out.printf("| P5 process start to ready | %.1f s | - |%n", ready.toMillis() / 1000.0);
    }

    private static ObjectNode stats(Stats s) {
        return JSON.createObjectNode()
                .put("min", s.min())
                .put("median", s.median())
                .put("max", s.max());
    }

    /** The bridge's resident memory in MiB, or 0 when /proc did not answer (the process between samples). */
    private static double rssMib(BridgeProcess bridge) {
        try {
            return bridge.rssKib() / 1024.0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** The bridge's commands in flight, from its metrics (a scrape: the warm-up takes it too, so it is compiled). */
    private static double commandsInFlight(BridgeProcess bridge) {
        return PrometheusText.sum(bridge.get("/q/metrics"), "bridge_commands_in_flight");
    }

    /** Count and total seconds of the bridge's activate calls, from its metrics. */
    private static double[] activateCalls(BridgeProcess bridge) {
        String metrics = bridge.get("/q/metrics");
        return new double[] {
            PrometheusText.sum(metrics, "bridge_api_calls_seconds_count{", "operation=\"activate\""),
            PrometheusText.sum(metrics, "bridge_api_calls_seconds_sum{", "operation=\"activate\"")
        };
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
