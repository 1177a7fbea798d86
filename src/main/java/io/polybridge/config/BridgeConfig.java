package io.polybridge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The bridge's own settings. Every entry is listed in the README's configuration table. */
@ConfigMapping(prefix = "bridge")
public interface BridgeConfig {

    Polytomic polytomic();

    Status status();

    interface Polytomic {
        /** Bearer user API key; takes precedence over the Basic pair. */
        Optional<String> apiKey();

        /** Basic auth user: the organization ID (with an organization-scoped or deployment key). */
        Optional<String> organizationId();

        /** Basic auth password: organization-scoped API key or deployment key. */
        Optional<String> organizationKey();

        /** Sent as X-Polytomic-Version on every call. */
        @WithDefault("2025-09-18")
        String apiVersion();

        FaultTolerance faultTolerance();
    }

    interface FaultTolerance {
        /** Longest wait for one API call. */
        @WithDefault("10s")
        Duration timeout();

        /** Retries of one call on a retriable outcome, before the caller sees the failure. */
        @WithDefault("5")
        int maxRetries();

        /** First backoff delay; doubled per retry up to max-delay, with jitter. */
        @WithDefault("250ms")
        Duration initialDelay();

        @WithDefault("30s")
        Duration maxDelay();

        /** Share of each delay drawn at random (0 = none, 0.5 = up to half the delay). */
        @WithDefault("0.5")
        double jitter();

        /** Upper bound on all retries of one call together. */
        @WithDefault("10m")
        Duration maxRetryDuration();

        CircuitBreaker circuitBreaker();
    }

    interface CircuitBreaker {
        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("20")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** Time the breaker stays open before letting trial calls through. */
        @WithDefault("10s")
        Duration delay();

        /** Successful trial calls that close it again. */
        @WithDefault("3")
        int successThreshold();
    }

    interface Status {
        /** Execution statuses that end tracking. Unknown statuses are never terminal unless listed here. */
        @WithName("terminal-statuses")
        @WithDefault("completed,canceled,failed")
        Set<String> terminalStatuses();
    }
}
