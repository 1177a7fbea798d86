package io.polybridge.bench;

import io.polybridge.process.JvmProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a bridge's CPU went between two samples of its threads: context switches, the JIT compilers' and the garbage
 * collector's shares, and the threads that took a tenth or more. Thread names have their digits folded.
 */
record ThreadProfile(long cpuMillis, long switches, double compilerShare, double gcShare, List<String> busiest) {

    /** Samples the bridge's threads now; {@link Start#end()} samples them again and compares. */
    static Start start(JvmProcess bridge) throws Exception {
        return new Start(bridge, bridge.threadStats());
    }

    record Start(JvmProcess bridge, Map<String, long[]> before) {
        ThreadProfile end() throws Exception {
            return between(before, bridge.threadStats());
        }
    }

    static ThreadProfile between(Map<String, long[]> before, Map<String, long[]> after) {
        long total = 0;
        long switches = 0;
        long compiler = 0;
        long gc = 0;
        Map<String, Long> used = new java.util.TreeMap<>();
        for (Map.Entry<String, long[]> thread : after.entrySet()) {
            // A thread started since the first sample counts from zero; one ended since is missing from both.
            long[] was = before.getOrDefault(thread.getKey(), new long[2]);
            long cpu = thread.getValue()[0] - was[0];
            total += cpu;
            switches += thread.getValue()[1] - was[1];
            String name = thread.getKey().substring(0, thread.getKey().lastIndexOf('@'));
            if (name.contains("CompilerThre")) {
                compiler += cpu;
            } else if (name.startsWith("GC Thread") || name.startsWith("G# ")) {
                gc += cpu;
            }
            used.merge(name, cpu, Long::sum);
        }
        List<String> busiest = new ArrayList<>();
        for (Map.Entry<String, Long> thread : used.entrySet()) {
            if (total > 0 && thread.getValue() * 10 >= total) {
                busiest.add(String.format("%s %.0f%%", thread.getKey(), 100.0 * thread.getValue() / total));
            }
        }
        return new ThreadProfile(
                total,
                switches,
                total == 0 ? 0 : compiler / (double) total,
                total == 0 ? 0 : gc / (double) total,
                busiest);
    }

    /** One line: per-command switches, JIT and GC shares, busiest threads. */
    String describe(int commands) {
        return String.format(
                "%.1f context switches per command, JIT %.0f%%, GC %.0f%%, busiest: %s",
                switches / (double) commands, 100 * compilerShare, 100 * gcShare, String.join(", ", busiest));
    }
}
