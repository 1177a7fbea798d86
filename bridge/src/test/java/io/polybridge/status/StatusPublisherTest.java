package io.polybridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.command.TestConfigs;
import io.polybridge.config.BridgeConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The publisher takes every answer a read can give, including a sync that never ran. */
class StatusPublisherTest {

    @Test
    void aSyncThatNeverRanIsSeenAsNothingWithoutFailingTheCycle() {
        BridgeConfig config = TestConfigs.bridge(Map.of());
        TrackingRegistry registry = new TrackingRegistry(null, new ObjectMapper(), config);
        StatusPublisher publisher =
                new StatusPublisher(registry, null, null, config, null, new FeedHealth(config), null, null);

        // A status read of a sync without executions sees no observation (null): one such sync used to fail the
        // whole poll cycle, so that no sync of it was scheduled on and every cycle polled them all again.
        Integer published = publisher
                .apply(UUID.randomUUID().toString(), (Observation) null, Instant.now())
                .await()
                .atMost(Duration.ofSeconds(5));

        assertThat(published).isZero();
    }
}
