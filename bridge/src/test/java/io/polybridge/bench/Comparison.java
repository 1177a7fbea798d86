package io.polybridge.bench;

import io.polybridge.process.BridgeProcess;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Two builds of the bridge side by side in one run, for performance work: this build (A) and the one at
 * {@code -Dbench.compare} (B, e.g. the previous commit's {@code quarkus-run.jar}; this build's own jar again, with
 * {@code -Dbench.compare-jvm-args}, compares JVM options). Each has its own topics and group,
 * both are warmed up alike, then P1-shaped (no API latency) and P2-shaped (20 ms) runs alternate between them, ABBA,
 * so that the machine's drift weighs on both. Prints each run (rate, bridge CPU and context switches per command, the
 * busiest threads) and the medians with B / A.
 */
final class Comparison {

    private record Shape(String name, int syncs, int commands, Duration latency) {}

    private record Side(String name, BridgeProcess bridge, CommandLoad load) {}

    private record Run(double rate, double cpuPerCommand, double switchesPerCommand, double rssMib) {}

    private static final List<Shape> SHAPES =
            List.of(new Shape("p1", 500, 12_000, Duration.ZERO), new Shape("p2", 1000, 6000, Duration.ofMillis(20)));

    private final String bootstrap;
    private final PolytomicSimulator simulator;

    Comparison(String bootstrap, PolytomicSimulator simulator) {
        this.bootstrap = bootstrap;
        this.simulator = simulator;
    }

    void run(Path other) throws Exception {
        Path own = Path.of(System.getProperty("bridge.jar", "target/quarkus-app/quarkus-run.jar"));
        try (BridgeProcess a = start(own, "a", "");
                BridgeProcess b = start(
                        other,
                        "b",
                        System.getProperty("bench.compare-jvm-args", "").strip());
                CommandLoad loadA = load("a");
                CommandLoad loadB = load("b")) {
            a.awaitReady(Duration.ofSeconds(120));
            b.awaitReady(Duration.ofSeconds(120));
            List<Side> sides = List.of(new Side("A", a, loadA), new Side("B", b, loadB));
            warmUp(sides);
            Map<String, List<Run>> runs = new HashMap<>();
            for (int round = 0; round < Benchmark.REPEATS; round++) {
                List<Side> order = round % 2 == 0 ? sides : List.of(sides.get(1), sides.get(0));
                for (Shape shape : SHAPES) {
                    for (Side side : order) {
                        Run run = measure(side, shape);
                        runs.computeIfAbsent(side.name() + shape.name(), k -> new ArrayList<>())
                                .add(run);
                    }
                }
            }
            System.out.println();
            System.out.println(
                    "| shape | A cmd/s | B cmd/s | B / A | A CPU ms/cmd | B CPU ms/cmd | B / A | A cs/cmd | B cs/cmd "
                            + "| A RSS MiB | B RSS MiB |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (Shape shape : SHAPES) {
                List<Run> runsA = runs.get("A" + shape.name());
                List<Run> runsB = runs.get("B" + shape.name());
                double rateA = median(runsA, Run::rate);
                double rateB = median(runsB, Run::rate);
                double cpuA = median(runsA, Run::cpuPerCommand);
                double cpuB = median(runsB, Run::cpuPerCommand);
                System.out.printf(
                        "| %s | %.0f | %.0f | %.2f | %.3f | %.3f | %.2f | %.1f | %.1f | %.0f | %.0f |%n",
                        shape.name(),
                        rateA,
                        rateB,
                        rateB / rateA,
                        cpuA,
                        cpuB,
                        cpuB / cpuA,
                        median(runsA, Run::switchesPerCommand),
                        median(runsB, Run::switchesPerCommand),
                        median(runsA, Run::rssMib),
                        median(runsB, Run::rssMib));
            }
        }
    }

    private BridgeProcess start(Path jar, String prefix, String jvmArgs) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_GROUP_ID", "bench-" + prefix,
                "BRIDGE_STATUS_INTERVAL", "1s",
                "BRIDGE_STATUS_MAX_CALLS_PER_SECOND", "60"));
        env.putAll(BridgeProcess.topicsNamed(prefix));
        // After the image's options, so that they override them (a heap size too).
        List<String> options = jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+"));
        return BridgeProcess.start(
                jar, "compare-" + prefix, bootstrap, simulator.baseUrl(), Benchmark.KEY, env, options);
    }

    private CommandLoad load(String prefix) {
        return new CommandLoad(bootstrap, prefix + ".commands", prefix + ".command-results");
    }

    private void warmUp(List<Side> sides) throws Exception {
        WarmUp.until(sides.stream().map(Side::bridge).toList(), round -> {
            Shape shape = SHAPES.get(round % SHAPES.size());
            StringBuilder line = new StringBuilder(shape.name());
            for (Side side : sides) {
                prepare(shape);
                double rate = side.load().commandRate("warm", syncs(shape.syncs()), 4000, () -> {});
                line.append(String.format(", %s %.0f cmd/s", side.name(), rate));
            }
            return line.toString();
        });
    }

    private Run measure(Side side, Shape shape) throws Exception {
        prepare(shape);
        List<SimSync> syncs = syncs(shape.syncs());
        ThreadProfile.Start threads = ThreadProfile.start(side.bridge());
        long cpuBefore = side.bridge().cpuMillis();
        double[] rss = {0};
        double rate = side.load().commandRate(shape.name(), syncs, shape.commands(), () -> {
            try {
                rss[0] = Math.max(rss[0], side.bridge().rssKib() / 1024.0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        double cpu = (side.bridge().cpuMillis() - cpuBefore) / (double) shape.commands();
        ThreadProfile profile = threads.end();
        double perCommand = profile.switches() / (double) shape.commands();
        System.out.printf(
                "  %s %s: %.0f cmd/s, bridge %.3f ms CPU per command, RSS up to %.0f MiB, %s%n",
                side.name(), shape.name(), rate, cpu, rss[0], profile.describe(shape.commands()));
        return new Run(rate, cpu, perCommand, rss[0]);
    }

    private void prepare(Shape shape) {
        simulator.faults().clear();
        simulator.journal().clear();
        if (!shape.latency().isZero()) {
            simulator.faults().latency(shape.latency());
        }
    }

    private List<SimSync> syncs(int count) {
        return Benchmark.activeModelSyncs(simulator, count);
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        return Stats.of(runs.stream().map(figure::applyAsDouble).toList()).median();
    }
}
