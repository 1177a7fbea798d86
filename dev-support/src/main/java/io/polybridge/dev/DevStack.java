package io.polybridge.dev;

import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimulatorOptions;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Dev mode only: brings up what the bridge talks to before the Kafka channels connect: the embedded Kafka broker (kept
 * across live reloads) and the Polytomic simulator with a few seeded syncs whose IDs stay the same on every start.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class DevStack {

    private static final Logger LOG = Logger.getLogger(DevStack.class);

    /** Seeded syncs: the README's copy-paste commands use these IDs. */
    static final List<String> MODEL_SYNCS =
            List.of("11111111-1111-4111-8111-111111111111", "11111111-1111-4111-8111-222222222222");

    static final List<String> BULK_SYNCS =
            List.of("22222222-2222-4222-8222-111111111111", "22222222-2222-4222-8222-222222222222");

    private final DevStackConfig config;
    private PolytomicSimulator simulator;

    DevStack(DevStackConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.kafka().enabled()) {
            String bootstrap = EmbeddedKafka.shared(config.kafka().port());
            LOG.infof(
                    "Dev mode: embedded Kafka broker on %s (DEVSTACK_KAFKA_ENABLED=false to use your own)", bootstrap);
        }
        if (config.simulator().enabled()) {
            simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
                    .withPort(config.simulator().port())
                    .withApiKey(SimulatorOptions.DEFAULT_API_KEY)
                    .withTiming(Duration.ofMillis(500), config.simulator().runDuration(), Duration.ofSeconds(2))
                    // Long enough for a poll of every few seconds to see a run wait, then finish, as real ones do.
                    .withPhases(Duration.ofSeconds(2), Duration.ofSeconds(3)));
            MODEL_SYNCS.forEach(id -> simulator.addModelSync(id, true));
            BULK_SYNCS.forEach(id -> simulator.addBulkSync(id, true, "contact", "company"));
            LOG.infof(
                    "Dev mode: Polytomic simulator on %s%n  model syncs: %s%n  bulk syncs:  %s%n"
                            + "  faults: POST %s/_sim/faults, journal: GET %s/_sim/journal",
                    simulator.baseUrl(),
                    String.join(", ", MODEL_SYNCS),
                    String.join(", ", BULK_SYNCS),
                    simulator.baseUrl(),
                    simulator.baseUrl());
            wireWebhook();
        }
        config.operatorToken()
                .ifPresent(operator -> LOG.infof(
                        "Dev mode: the HTTP API requires a token, as in production. Dev-only tokens:%n"
                                + "  operator (submit, redrive, reconcile, read): %s%n"
                                + "  reader (read only):                          %s%n"
                                + "  export BRIDGE_TOKEN=%s; curl -H \"Authorization: Bearer $BRIDGE_TOKEN\" localhost:8080/syncs%n"
                                + "  health and metrics on the management port: localhost:9000/q/health, localhost:9000/q/metrics",
                        operator, config.readerToken().orElse("(none)"), operator));
    }

    /** Points the simulator's organization webhook at the bridge, as an operator would at Polytomic. */
    private void wireWebhook() {
        if (config.webhookUrl().isEmpty() || config.webhookSecret().isEmpty()) {
            return;
        }
        simulator
                .webhooks()
                .register(config.webhookUrl().get(), config.webhookSecret().get());
        LOG.infof(
                "Dev mode: the simulator's webhook delivers signed events to %s; deliveries: GET %s/_sim/deliveries",
                config.webhookUrl().get(), simulator.baseUrl());
    }

    /** Live reload stops the application: the simulator goes with it and comes back seeded on the next start. */
    void onStop(@Observes ShutdownEvent event) {
        if (simulator != null) {
            simulator.close();
        }
    }
}
