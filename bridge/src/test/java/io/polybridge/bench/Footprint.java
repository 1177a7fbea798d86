package io.polybridge.bench;

import io.polybridge.process.BridgeProcess;
import io.polybridge.support.PrometheusText;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The bridge's footprint: start to ready and what it went to (JVM and Quarkus boot, topic checks, Kafka clients, the
 * credential check, the group join and state restore, each from the first log line that shows it done), and under P1
 * load where its resident memory is (heap and non-heap committed, threads, from its own metrics).
 */
final class Footprint {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

    static final String READY = "readiness UP";

    /** What start-up goes through, each known by the first log line that shows it done. */
    private static final List<String[]> MILESTONES = List.of(
            new String[] {"JVM and Quarkus boot", "HTTP API authentication"},
            new String[] {"topic checks", "SRMSG18229"},
            new String[] {"Kafka clients and HTTP servers started", "started in"},
            new String[] {"Polytomic credential checked", "credential accepted"},
            new String[] {"group joined and state restored", "Executed consumer assigned re-balance listener"});

    private final BridgeProcess bridge;
    private final Instant start;
    private final Duration ready;
    private final double bootSeconds;
    private final List<Double> heapCommittedMib = new ArrayList<>();
    private final List<Double> nonHeapCommittedMib = new ArrayList<>();
    private final List<Double> threads = new ArrayList<>();

    private Footprint(BridgeProcess bridge, Instant start, Duration ready, double bootSeconds) {
        this.bridge = bridge;
        this.start = start;
        this.ready = ready;
        this.bootSeconds = bootSeconds;
    }

    static Footprint atReady(BridgeProcess bridge, Duration ready) throws Exception {
        Footprint footprint = quietlyAtReady(bridge, ready);
        double boot = footprint.bootSeconds;
        System.out.printf(
                "  bridge ready after %.1f s (Quarkus reported started in %.1f s); from process start: %s%n",
                ready.toMillis() / 1000.0, boot, footprint.milestones());
        return footprint;
    }

    /** The same, without printing it. */
    static Footprint quietlyAtReady(BridgeProcess bridge, Duration ready) throws IOException {
        Instant start = Instant.now().minus(ready);
        Matcher started = STARTED.matcher(thisRun(bridge.log(), start));
        double boot = started.find() ? Double.parseDouble(started.group(1)) : Double.NaN;
        return new Footprint(bridge, start, ready, boot);
    }

    /** The log file keeps earlier runs' lines: only this process's count. */
    private static String thisRun(String log, Instant start) {
        return log.lines()
                .filter(line -> {
                    Matcher at = TIMESTAMP.matcher(line);
                    return at.find() && !Instant.parse(at.group(1)).isBefore(start.minusSeconds(1));
                })
                .collect(Collectors.joining("\n"));
    }

    /**
     * When each start-up milestone was logged, from process start (the log's JSON timestamps), in time order with
     * readiness among them. Steps overlap: the credential check and the group join (with its state restore) run once
     * Quarkus has started, and readiness does not wait for them (intake stays paused until the credential is checked).
     */
    String milestones() {
        Map<String, Duration> timeline;
        try {
            timeline = timeline();
        } catch (IOException e) {
            return "log unreadable: " + e.getMessage();
        }
        List<String> parts = new ArrayList<>();
        timeline.forEach(
                (what, after) -> parts.add(what + " at " + String.format("%.1f s", after.toMillis() / 1000.0)));
        return String.join(", ", parts);
    }

    /** Each milestone logged so far, readiness among them, with its time from process start, in time order. */
    Map<String, Duration> timeline() throws IOException {
        String log = thisRun(bridge.log(), start);
        TreeMap<Duration, String> done = new TreeMap<>();
        done.put(ready, READY);
        for (String[] milestone : MILESTONES) {
            log.lines().filter(line -> line.contains(milestone[1])).findFirst().ifPresent(line -> {
                Matcher at = TIMESTAMP.matcher(line);
                if (at.find()) {
                    done.put(Duration.between(start, Instant.parse(at.group(1))), milestone[0]);
                }
            });
        }
        Map<String, Duration> timeline = new LinkedHashMap<>();
        done.forEach((after, what) -> timeline.put(what, after));
        return timeline;
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
