package io.polybridge.support;

import java.util.Arrays;

/** Reads samples out of a Prometheus text exposition, as scraped from {@code /q/metrics}. */
public final class PrometheusText {

    private PrometheusText() {}

    /** The sum of the samples whose line starts with {@code name} and contains every label given. */
    public static double sum(String metrics, String name, String... labels) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name) && Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
