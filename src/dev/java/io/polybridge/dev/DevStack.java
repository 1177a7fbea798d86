package io.polybridge.dev;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/** Dev mode only: brings up what the bridge talks to, before the Kafka channels connect. */
@IfBuildProfile("dev")
@ApplicationScoped
class DevStack {

    private static final Logger LOG = Logger.getLogger(DevStack.class);

    private final DevStackConfig config;

    DevStack(DevStackConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.kafka().enabled()) {
            String bootstrap = EmbeddedKafka.shared(config.kafka().port());
            LOG.infof(
                    "Dev mode: embedded Kafka broker on %s (set DEVSTACK_KAFKA_ENABLED=false to use your own)",
                    bootstrap);
        }
    }
}
