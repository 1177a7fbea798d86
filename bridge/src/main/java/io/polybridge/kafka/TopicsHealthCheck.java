package io.polybridge.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while one of the bridge's topics could not be created, is missing, or is configured so that its state
 * would be lost: each such topic is named in the data with what to fix. Checked again every
 * {@code bridge.topics.recheck-interval}, so the bridge becomes ready once the topics are fixed.
 */
@Readiness
@ApplicationScoped
class TopicsHealthCheck implements HealthCheck {

    private final TopicProblems problems;

    TopicsHealthCheck(TopicProblems problems) {
        this.problems = problems;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder =
                HealthCheckResponse.named("kafka-topics").status(!problems.any());
        problems.current().forEach((topic, list) -> builder.withData(topic, String.join("; ", list)));
        return builder.build();
    }
}
