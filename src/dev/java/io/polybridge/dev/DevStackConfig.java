package io.polybridge.dev;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the dev-mode stack (embedded broker, simulator); not part of the production artifact. */
@ConfigMapping(prefix = "devstack")
public interface DevStackConfig {

    Kafka kafka();

    interface Kafka {
        /** Start the embedded broker in dev mode. */
        @WithDefault("true")
        boolean enabled();

        /** Port of the embedded broker in dev mode. */
        @WithDefault("9092")
        int port();
    }
}
