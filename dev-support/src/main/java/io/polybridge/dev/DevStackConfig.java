package io.polybridge.dev;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the dev-mode stack (embedded broker, simulator); not part of the production artifact. */
@ConfigMapping(prefix = "devstack")
public interface DevStackConfig {

    Kafka kafka();

    Simulator simulator();

    /** The dev-mode bridge's operator token (application.properties sets it, and the bridge accepts it in dev mode). */
    Optional<String> operatorToken();

    /** The dev-mode bridge's read-only token. */
    Optional<String> readerToken();

    /**
     * Where the dev-mode bridge receives webhook deliveries, and the secret they are signed with: the simulator's
     * webhook is pointed there at start, so status changes arrive within a second even with polling slowed down.
     */
    Optional<String> webhookUrl();

    Optional<String> webhookSecret();

    interface Kafka {
        /** Start the embedded broker in dev mode. */
        @WithDefault("true")
        boolean enabled();

        /** Port of the embedded broker in dev mode. */
        @WithDefault("9092")
        int port();
    }

    interface Simulator {
        /** Start the Polytomic simulator in dev mode (else set POLYTOMIC_URL and POLYTOMIC_API_KEY). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("8089")
        int port();

        /** How long a started execution of a seeded sync runs. */
        @WithDefault("15s")
        Duration runDuration();
    }
}
