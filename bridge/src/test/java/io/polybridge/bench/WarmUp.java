package io.polybridge.bench;

import io.polybridge.process.JvmProcess;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Rounds of load, not counted, until the JIT compilers have settled in every JVM of the run: the bridges and this one
 * (broker, simulator, load). On two shared cores the C2 compiler was still taking a fifth of the machine minutes into
 * a run, so a fixed warm-up measured compilation as much as the bridge. Settled means that in the last round the
 * compiler threads used under {@link #SETTLED} of each measured JVM's CPU (bridges, the peer) and of this JVM's. {@code bench.warm-up-seconds}
 * caps it; a run that hits the cap says so.
 */
final class WarmUp {

    /** A round whose compiler share is below this counts as steady. */
    static final double SETTLED = 0.05;

    static final Duration MAX = Duration.ofSeconds(Integer.getInteger("bench.warm-up-seconds", 360));
    private static final Duration MIN = Duration.ofSeconds(30);

    /** One round of load; returns a line describing it. */
    interface Round {
        String run(int round) throws Exception;
    }

    private WarmUp() {}

    /** Runs rounds until every JVM has settled, two rounds in a row, or the cap is reached; returns the time taken. */
    static Duration until(List<? extends JvmProcess> bridges, Round round) throws Exception {
        long start = System.nanoTime();
        int steady = 0;
        for (int i = 0; ; i++) {
            List<Map<String, long[]>> before = threads(bridges);
            long ownCpu = ownCpuMillis();
            long ownCompile = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long ownGc = ownGcMillis();
            String line = round.run(i);
            long ownSpent = Math.max(1, ownCpuMillis() - ownCpu);
            String here = String.format(
                    "; here GC time %.0f%% of CPU time, old generation %d MiB",
                    100.0 * (ownGcMillis() - ownGc) / ownSpent, oldGenerationMib());
            double worst = (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - ownCompile)
                    / (double) ownSpent;
            StringBuilder shares = new StringBuilder(String.format("here %.0f%%", 100 * worst));
            for (int b = 0; b < bridges.size(); b++) {
                double share = ThreadProfile.between(
                                before.get(b), bridges.get(b).threadStats())
                        .compilerShare();
                shares.append(String.format(", %s %.0f%%", bridges.get(b).name(), 100 * share));
                worst = Math.max(worst, share);
            }
            steady = worst < SETTLED ? steady + 1 : 0;
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("  warm-up round %d (not counted): %s%s; JIT compilers %s%n", i + 1, line, here, shares);
            if (spent.compareTo(MIN) >= 0 && steady >= 2) {
                System.out.printf("  warm-up: JIT settled after %d s%n", spent.toSeconds());
                return spent;
            }
            if (spent.compareTo(MAX) >= 0) {
                System.out.printf(
                        "  warm-up: stopped at the %d s cap with the JIT still compiling; figures include it%n",
                        MAX.toSeconds());
                return spent;
            }
        }
    }

    private static List<Map<String, long[]>> threads(List<? extends JvmProcess> bridges) throws Exception {
        List<Map<String, long[]>> all = new java.util.ArrayList<>();
        for (JvmProcess bridge : bridges) {
            all.add(bridge.threadStats());
        }
        return all;
    }

    /** Time this JVM's collectors took, in milliseconds: wall time of their collections, not their threads' CPU. */
    static long ownGcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** This JVM's old generation in use, in MiB: grows with what the broker and the simulator keep. */
    static long oldGenerationMib() {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().contains("Old Gen")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used >> 20;
    }

    /** CPU time of this JVM (broker, simulator and load generators), in milliseconds. */
    static long ownCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }
}
