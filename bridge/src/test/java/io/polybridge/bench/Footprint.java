package io.polybridge.bench;

import io.polybridge.process.BridgeProcess;
import io.polybridge.support.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bridge's footprint: start to ready and what it went to (the JVM and Quarkus boot, from the log's "started in";
 * the rest: topic checks, the credential check, the group join and state restore), and under P1 load where its
 * resident memory is (heap and non-heap committed, threads, from its own metrics).
 */
final class Footprint {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

    /** What start-up goes through, in order, each known by the first log line that shows it done. */
    private static final List<String[]> MILESTONES = List.of(
            new String[] {"JVM and Quarkus boot", "HTTP API authentication"},
            new String[] {"topic checks", "SRMSG18229"},
            new String[] {"Kafka clients and HTTP servers started", "started in"},
            new String[] {"Polytomic credential checked", "credential accepted"},
            new String[] {"group joined and state restored", "Executed consumer assigned re-balance listener"});

    private final Duration ready;
    private final double bootSeconds;
    private final String milestones;
    private final List<Double> heapCommittedMib = new ArrayList<>();
    private final List<Double> nonHeapCommittedMib = new ArrayList<>();
    private final List<Double> threads = new ArrayList<>();

    private Footprint(Duration ready, double bootSeconds, String milestones) {
        this.ready = ready;
        this.bootSeconds = bootSeconds;
        this.milestones = milestones;
    }

    static Footprint atReady(BridgeProcess bridge, Duration ready) throws Exception {
        java.time.Instant start = java.time.Instant.now().minus(ready);
        // The log file keeps earlier runs' lines: only this process's count.
        String log = bridge.log()
                .lines()
                .filter(line -> {
                    Matcher at = TIMESTAMP.matcher(line);
                    return at.find() && !java.time.Instant.parse(at.group(1)).isBefore(start.minusSeconds(1));
                })
                .collect(java.util.stream.Collectors.joining("\n"));
        Matcher started = STARTED.matcher(log);
        double boot = started.find() ? Double.parseDouble(started.group(1)) : Double.NaN;
        String milestones = milestones(log, start) + ", readiness UP at " + seconds(ready);
        System.out.printf(
                "  bridge ready after %.1f s (Quarkus reported started in %.1f s); from process start: %s%n",
                ready.toMillis() / 1000.0, boot, milestones);
        return new Footprint(ready, boot, milestones);
    }

    /**
     * When each start-up milestone was logged, from process start (the log's JSON timestamps). Steps overlap: the
     * credential check and the group join both run once Quarkus has started.
     */
    private static String milestones(String log, java.time.Instant start) {
        List<String> done = new ArrayList<>();
        for (String[] milestone : MILESTONES) {
            log.lines().filter(line -> line.contains(milestone[1])).findFirst().ifPresent(line -> {
                Matcher at = TIMESTAMP.matcher(line);
                if (at.find()) {
                    Duration after = Duration.between(start, java.time.Instant.parse(at.group(1)));
                    done.add(milestone[0] + " at " + seconds(after));
                }
            });
        }
        return String.join(", ", done);
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    String milestones() {
        return milestones;
    }

    /** Reads where the bridge's memory is, right after a P1 run. */
    void sample(BridgeProcess bridge) {
        String metrics = bridge.get("/q/metrics");
        heapCommittedMib.add(PrometheusText.sum(metrics, "jvm_memory_committed_bytes{", "area=\"heap\"") / 1048576);
        nonHeapCommittedMib.add(
                PrometheusText.sum(metrics, "jvm_memory_committed_bytes{", "area=\"nonheap\"") / 1048576);
        threads.add(PrometheusText.sum(metrics, "jvm_threads_live_threads"));
    }

    Duration ready() {
        return ready;
    }

    double bootSeconds() {
        return bootSeconds;
    }

    Stats heapCommittedMib() {
        return Stats.of(heapCommittedMib);
    }

    Stats nonHeapCommittedMib() {
        return Stats.of(nonHeapCommittedMib);
    }

    Stats threads() {
        return Stats.of(threads);
    }
}
