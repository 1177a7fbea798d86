package io.polybridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rows of the benchmark's table beside the performance figures: the peer beside the bridge (issue: "what a user
 * would pick instead"), the cost of a command against a plain HTTP request, and the footprint, each with its target.
 * Ratios of medians from the same run.
 */
final class Rows {

    /** Heap, metaspace, threads and buffers must fit a pod of this size, with the JVM's own overhead. */
    static final double RSS_TARGET_MIB = 256;

    static final double READY_TARGET_SECONDS = 3;

    private final ObjectNode report;
    private final PeerBenchmark peer;
    private final Footprint footprint;

    Rows(ObjectNode report, PeerBenchmark peer, Footprint footprint) {
        this.report = report;
        this.peer = peer;
        this.footprint = footprint;
    }

    /** Bridge figures of this run: P1 and P2 rates, CPU per command, and CPU per plain HTTP request (P1). */
    void print(Stats p1Rate, Stats p1Cpu, Stats p2Rate, Stats p2Cpu, Stats httpCpu, Stats rss) {
        System.out.println();
        System.out.println("| figure | measured | target | met |");
        System.out.println("|---|---|---|---|");
        if (peer != null) {
            Stats peerP1 = Stats.of(peer.p1Rates);
            Stats peerP1Cpu = Stats.of(peer.p1Cpu);
            Stats peerP2 = Stats.of(peer.p2Rates);
            Stats peerP2Cpu = Stats.of(peer.p2Cpu);
            double p1Ratio = p1Rate.median() / peerP1.median();
            double p1CpuRatio = p1Cpu.median() / peerP1Cpu.median();
            double p2Ratio = p2Rate.median() / peerP2.median();
            row(
                    "Peer P1: commands/s, bridge / peer (medians: " + f0(p1Rate.median()) + " / " + f0(peerP1.median())
                            + ")",
                    f2(p1Ratio) + " x",
                    ">= 1",
                    p1Ratio >= 1);
            row(
                    "Peer P1: CPU per command, bridge / peer (medians: " + f2(p1Cpu.median()) + " / "
                            + f2(peerP1Cpu.median()) + " ms)",
                    f2(p1CpuRatio) + " x",
                    "<= 1",
                    p1CpuRatio <= 1);
            row(
                    "Peer P2 (20 ms, 1000 syncs): commands/s, bridge / peer (medians: " + f0(p2Rate.median()) + " / "
                            + f0(peerP2.median()) + ")",
                    f2(p2Ratio) + " x",
                    ">= 5",
                    p2Ratio >= 5);
            row(
                    "Peer P2: CPU per command, bridge / peer (medians: " + f2(p2Cpu.median()) + " / "
                            + f2(peerP2Cpu.median()) + " ms)",
                    f2(p2Cpu.median() / peerP2Cpu.median()) + " x",
                    "-",
                    null);
            row("Peer R1 outage (scaled down; the bridge: 0 lost, 0 twice, 0 dead-lettered)", peer.r1(), "-", null);
            row(
                    "Peer RSS under P1 load / start to ready (consumers joined)",
                    f0(Stats.of(peer.rss).median()) + " MiB / "
                            + f1(peer.ready().toMillis() / 1000.0) + " s",
                    "-",
                    null);
            row(
                    "Peer: what it does not do (the bridge does)",
                    "no result per command, no status events, no state read when an answer leaves the outcome unknown,"
                            + " no Retry-After; order per sync only by holding a partition's every command while one"
                            + " is retried (one command in flight per partition)",
                    "-",
                    null);
            report.put("peer_p1_rate_ratio", p1Ratio);
            report.put("peer_p1_cpu_ratio", p1CpuRatio);
            report.put("peer_p2_rate_ratio", p2Ratio);
            report.put("peer_r1", peer.r1());
        }
        double cost = p1Cpu.median() / httpCpu.median();
        row(
                "Cost: bridge CPU per command / CPU per plain HTTP request (client + simulator), P1 (medians: "
                        + f2(p1Cpu.median()) + " / " + f2(httpCpu.median()) + " ms)",
                f2(cost) + " x",
                "<= 2",
                cost <= 2);
        report.put("cost_ratio", cost);
        double ready = footprint.ready().toMillis() / 1000.0;
        row(
                "Footprint: RSS under P1 load (heap committed "
                        + f0(footprint.heapCommittedMib().median())
                        + " MiB, non-heap " + f0(footprint.nonHeapCommittedMib().median()) + " MiB, "
                        + f0(footprint.threads().median()) + " threads)",
                rss.format("MiB"),
                "<= " + f0(RSS_TARGET_MIB) + " MiB",
                rss.max() <= RSS_TARGET_MIB);
        row(
                "Footprint: start to ready, JVM build (from process start: " + footprint.milestones() + ")",
                f1(ready) + " s",
                "<= " + f0(READY_TARGET_SECONDS) + " s",
                ready <= READY_TARGET_SECONDS);
        row(
                "Footprint: native executable, RSS and start to ready",
                "not measured: no native executable can be built on this machine (no GraalVM or Mandrel toolchain)",
                "-",
                null);
        report.put("start_to_ready_s", ready);
    }

    private static void row(String figure, String measured, String target, Boolean met) {
        System.out.printf("| %s | %s | %s | %s |%n", figure, measured, target, met == null ? "-" : met ? "yes" : "NO");
    }

    private static String f0(double v) {
        return String.format("%.0f", v);
    }

    private static String f1(double v) {
        return String.format("%.1f", v);
    }

    private static String f2(double v) {
        return String.format("%.2f", v);
    }
}
