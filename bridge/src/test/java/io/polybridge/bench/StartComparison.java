package io.polybridge.bench;

import io.polybridge.process.BridgeProcess;
import io.polybridge.simulator.PolytomicSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start to ready alone ({@code -Dbench.only=start}), for start-up work: this build (A) and, with {@code -Dbench.compare}
 * (another build's jar, or this one's with {@code -Dbench.compare-jvm-args}), B, started one after the other, A B A B,
 * {@code -Dbench.repeats} times each, so that the machine's drift weighs on both. Each start is on topics of its own
 * that do not exist yet, as the benchmark's P5 start on an empty broker; {@code -Dbench.start-topics=existing} starts
 * each side on the topics its first start created, as a restart in production does. Prints each start's milestones
 * and, per side, the min / median / max of each.
 */
final class StartComparison {

    private final String bootstrap;
    private final PolytomicSimulator simulator;

    StartComparison(String bootstrap, PolytomicSimulator simulator) {
        this.bootstrap = bootstrap;
        this.simulator = simulator;
    }

    void run() throws Exception {
        Path own = Path.of(System.getProperty("bridge.jar", "target/quarkus-app/quarkus-run.jar"));
        String other = System.getProperty("bench.compare", "").strip();
        String otherArgs = System.getProperty("bench.compare-jvm-args", "").strip();
        boolean existing = "existing".equals(System.getProperty("bench.start-topics", "fresh"));
        List<Side> sides = new ArrayList<>(List.of(new Side("A", own, List.of())));
        if (!other.isEmpty()) {
            sides.add(
                    new Side("B", Path.of(other), otherArgs.isEmpty() ? List.of() : List.of(otherArgs.split("\\s+"))));
        }
        Map<String, Map<String, List<Double>>> seconds = new LinkedHashMap<>();
        for (int round = 0; round < Benchmark.REPEATS; round++) {
            for (Side side : sides) {
                String prefix = existing ? "start-" + side.name() : "start-" + side.name() + round;
                Map<String, Duration> timeline = startOnce(side, prefix, round);
                System.out.printf(
                        "  %s start %d: %s%n",
                        side.name(),
                        round + 1,
                        String.join(
                                ", ",
                                timeline.entrySet().stream()
                                        .map(e -> String.format(
                                                "%s at %.2f s",
                                                e.getKey(), e.getValue().toMillis() / 1000.0))
                                        .toList()));
                timeline.forEach((what, after) -> seconds.computeIfAbsent(side.name(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(what, k -> new ArrayList<>())
                        .add(after.toMillis() / 1000.0));
            }
        }
        System.out.println();
        System.out.println(
                "| side | milestone (s from process start) | min / median / max | n | B - A, median of pairs |");
        System.out.println("|---|---|---|---|---|");
        seconds.forEach((side, milestones) -> milestones.forEach((what, values) -> System.out.printf(
                "| %s | %s | %s | %d | %s |%n",
                side,
                what,
                Stats.of(values).format("s"),
                values.size(),
                side.equals("A") ? "" : pairedDifference(seconds.get("A").get(what), values))));
    }

    /** Each B start against the A start just before it: the machine's drift between rounds cancels out. */
    private static String pairedDifference(List<Double> a, List<Double> b) {
        if (a == null || a.size() != b.size()) {
            return "-";
        }
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            differences.add(b.get(i) - a.get(i));
        }
        return Stats.of(differences).format("s");
    }

    private Map<String, Duration> startOnce(Side side, String prefix, int round) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_GROUP_ID", prefix,
                "BRIDGE_STATUS_INTERVAL", "1s",
                "BRIDGE_STATUS_MAX_CALLS_PER_SECOND", "60",
                "BRIDGE_EVENTS_ENABLED", "false"));
        env.putAll(BridgeProcess.topicsNamed(prefix));
        try (BridgeProcess bridge = BridgeProcess.start(
                side.jar(),
                "start-" + side.name() + round,
                bootstrap,
                simulator.baseUrl(),
                Benchmark.KEY,
                env,
                side.jvmArgs())) {
            Duration ready = bridge.awaitReady(Duration.ofSeconds(120));
            Footprint footprint = Footprint.quietlyAtReady(bridge, ready);
            // The milestones that follow readiness (credential, group join) are logged within a few seconds.
            try {
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> footprint.timeline().size() >= 6);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.println("  (not every milestone was logged within 20 s of readiness)");
            }
            Map<String, Duration> timeline = footprint.timeline();
            bridge.stop();
            return timeline;
        }
    }

    private record Side(String name, Path jar, List<String> jvmArgs) {}
}
