package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.Channels;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the commands consumer keeps polling Kafka: down when it has not polled for
 * {@code bridge.health.consumer-stall-timeout}, i.e. its polling thread is stuck, which a restart fixes. Read from the
 * consumer's own {@code last-poll-seconds-ago} metric. Paused intake (breaker open, credential rejected) still polls,
 * so it never counts as stuck; the data says whether and why intake is paused.
 */
@Liveness
@ApplicationScoped
class CommandConsumerHealthCheck implements HealthCheck {

    private static final String LAST_POLL = "last-poll-seconds-ago";
    private final KafkaClientService clients;
    private final CommandIntakeGate intake;
    private final Duration stallTimeout;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant firstSeen;

    CommandConsumerHealthCheck(KafkaClientService clients, CommandIntakeGate intake, BridgeConfig config) {
        this.clients = clients;
        this.intake = intake;
        this.stallTimeout = config.health().consumerStallTimeout();
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("command-consumer")
                .withData("intake", intake.pausedFor().map(r -> "paused: " + r).orElse("running"));
        Optional<Duration> sinceLastPoll = sinceLastPoll();
        if (sinceLastPoll.isEmpty()) {
            return builder.up().withData("lastPoll", "consumer not started yet").build();
        }
        Duration since = sinceLastPoll.get();
        return builder.status(since.compareTo(stallTimeout) <= 0)
                .withData("lastPollSecondsAgo", since.toSeconds())
                .withData("stallTimeoutSeconds", stallTimeout.toSeconds())
                .build();
    }

    private Optional<Duration> sinceLastPoll() {
        List<KafkaConsumer<Object, Object>> consumers = clients.getConsumers(Channels.COMMANDS);
        if (consumers.isEmpty() || consumers.get(0).unwrap() == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (firstSeen == null) {
            firstSeen = now;
        }
        for (Map.Entry<MetricName, ? extends Metric> metric :
                consumers.get(0).unwrap().metrics().entrySet()) {
            if (LAST_POLL.equals(metric.getKey().name()) && metric.getValue().metricValue() instanceof Number seconds) {
                long ago = seconds.longValue();
                // Before its first poll the consumer counts from the epoch: count from when it was first seen instead.
                if (ago > now.getEpochSecond() - 86_400) {
                    return Optional.of(Duration.between(firstSeen, now));
                }
                return Optional.of(Duration.ofSeconds(ago));
            }
        }
        return Optional.empty();
    }
}
