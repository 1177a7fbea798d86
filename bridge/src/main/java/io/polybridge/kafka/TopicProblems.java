package io.polybridge.kafka;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What is wrong with the bridge's topics as last checked: a topic it could not create, one that is missing where it may
 * not create them, an internal topic configured so that state would be lost. Each problem is logged as an ERROR once,
 * when first seen, and keeps the bridge not ready ({@link TopicsHealthCheck}) until a check finds it gone.
 */
@ApplicationScoped
public class TopicProblems {

    /** Key of problems that concern no single topic, e.g. a cluster that could not be asked. */
    static final String CLUSTER = "cluster";

    private volatile Map<String, List<String>> current = Map.of();

    /** Replaces the problems with those a complete check found. */
    synchronized void update(Map<String, List<String>> found) {
        Map<String, List<String>> next = new TreeMap<>();
        found.forEach((topic, problems) -> {
            if (!problems.isEmpty()) {
                next.put(topic, List.copyOf(problems));
            }
        });
        next.forEach((topic, problems) -> problems.stream()
                .filter(p -> !current.getOrDefault(topic, List.of()).contains(p))
                .forEach(p -> Log.errorf("Kafka topic %s: %s", topic, p)));
        Set<String> fixed = new java.util.TreeSet<>(current.keySet());
        fixed.removeAll(next.keySet());
        fixed.forEach(topic -> Log.infof("Kafka topic %s: no problem left", topic));
        current = next;
    }

    /** Topic → what is wrong with it, in topic order; empty when all is well. */
    public Map<String, List<String>> current() {
        return new LinkedHashMap<>(current);
    }

    public boolean any() {
        return !current.isEmpty();
    }
}
