package io.polybridge.kafka;

import io.polybridge.config.BridgeConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;

/**
 * Creates the bridge's topics when missing and checks the internal ones, before the channels start. The dedup and
 * tracking-state topics need at least as many partitions as the commands topic, because their entries live in the
 * partition with the same number as the commands they belong to, and a configuration that keeps their entries.
 * Where the bridge may not create topics ({@code bridge.topics.create=false}) a missing topic is a problem too. Every
 * problem is an ERROR with what to fix and keeps the bridge not ready ({@link TopicProblems}); while there are any, the
 * topics are checked again every {@code bridge.topics.recheck-interval}.
 */
@ApplicationScoped
class TopicBootstrap {

    private final BridgeConfig.Topics topics;
    private final Duration dedupWindow;
    private final Map<String, Object> kafka;
    private final TopicProblems problems;
    private final Function<Map<String, Object>, Admin> admins;

    @Inject
    TopicBootstrap(
            BridgeConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            TopicProblems problems) {
        this(config, kafka, problems, Admin::create);
    }

    /** With the admin clients from {@code admins}, e.g. to count the calls a check makes. */
    TopicBootstrap(
            BridgeConfig config,
            Map<String, Object> kafka,
            TopicProblems problems,
            Function<Map<String, Object>, Admin> admins) {
        this.topics = config.topics();
        this.dedupWindow = config.commands().dedupWindow();
        this.kafka = kafka;
        this.problems = problems;
        this.admins = admins;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        check(true);
    }

    @Scheduled(
            identity = "topic-recheck",
            every = "${bridge.topics.recheck-interval}",
            delayed = "${bridge.topics.recheck-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recheck() {
        if (problems.any()) {
            check(false);
        }
    }

    /** Creates what is missing (where allowed), checks the rest, and replaces the recorded problems. */
    synchronized void check(boolean atStart) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Map<String, Object> props = new HashMap<>(kafka);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.contains("serializer") || k.contains("deserializer"));
        try (Admin admin = admins.apply(props)) {
            new TopicCheck(admin, topics, dedupWindow, found, atStart).all();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found.computeIfAbsent(TopicProblems.CLUSTER, k -> new ArrayList<>()).add("topic check interrupted");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            found.computeIfAbsent(TopicProblems.CLUSTER, k -> new ArrayList<>())
                    .add("could not check the topics: " + reason(e));
        }
        problems.update(found);
    }

    static String reason(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
