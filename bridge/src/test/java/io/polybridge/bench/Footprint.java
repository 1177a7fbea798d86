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

    private final Duration ready;
    private final double bootSeconds;
    private final List<Double> heapCommittedMib = new ArrayList<>();
    private final List<Double> nonHeapCommittedMib = new ArrayList<>();
    private final List<Double> threads = new ArrayList<>();

    private Footprint(Duration ready, double bootSeconds) {
        this.ready = ready;
        this.bootSeconds = bootSeconds;
    }

    static Footprint atReady(BridgeProcess bridge, Duration ready) throws Exception {
        Matcher started = STARTED.matcher(bridge.log());
        double boot = started.find() ? Double.parseDouble(started.group(1)) : Double.NaN;
        System.out.printf(
                "  bridge ready after %.1f s: Quarkus reported started after %.1f s (JVM start not included)%n",
                ready.toMillis() / 1000.0, boot);
        return new Footprint(ready, boot);
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
