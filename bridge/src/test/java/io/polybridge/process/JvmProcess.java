package io.polybridge.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A JVM this test run started (a bridge, or the benchmark's peer): what /proc says of its CPU, threads and memory. */
public interface JvmProcess {

    String name();

    long pid();

    /** CPU time (user + system) the process has used so far, in milliseconds, from /proc (Linux). */
    default long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
        // Fields after the command name (which may hold spaces) start at ") "; utime and stime are the 12th and 13th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / 100; // USER_HZ is 100 on Linux
    }

    /**
     * CPU time in milliseconds and context switches of each of the process's threads so far, from /proc (Linux), keyed
     * {@code name@tid}: the name with its digits folded (so that the event loops can be summed as one line; names
     * are cut to 15 characters) and the thread's ID. Each thread apart, because the JVM starts and ends compiler
     * threads as it goes: summed by name, an ended one made the next sample's sum smaller than the last.
     */
    default Map<String, long[]> threadStats() throws IOException {
        Map<String, long[]> byThread = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
                    long switches = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            switches += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    }
                    byThread.put(name + "@" + task.getFileName(), new long[] {cpu, switches});
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            }
        }
        return byThread;
    }

    /** Resident memory of the process in KiB, from /proc (Linux). */
    default long rssKib() throws IOException {
        return statusKib("VmRSS:");
    }

    /** A size line of /proc/PID/status in KiB (e.g. {@code VmRSS:}, {@code RssAnon:}), or -1 when it has none. */
    default long statusKib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
