package io.polybridge.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.Secret;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The bridge's own settings. Every entry is listed in the README's configuration table. */
@ConfigMapping(prefix = "bridge")
public interface BridgeConfig {

    /** Names this instance in API calls' User-Agent and in logs; defaults to the host name. */
    @WithDefault("${HOSTNAME:polytomic-kafka-bridge}")
    String instanceId();

    Polytomic polytomic();

    Status status();

    Commands commands();

    Topics topics();

    Security security();

    Health health();

    Events events();

    Webhook webhook();

    /**
     * The organization's events ({@code GET /api/events}) as the change feed, and polling as its backstop. One instance
     * of the group (the owner of commands partition 0) reads the feed; every event becomes a hint to the sync's owner,
     * which reads the sync's status and publishes what changed.
     */
    interface Events {
        /** Read the events feed. Off, polling alone finds every change, at the poll interval. */
        @WithDefault("true")
        boolean enabled();

        /** How often the feed is read. */
        @WithDefault("${bridge.status.interval}")
        Duration interval();

        /** Events asked for per call ({@code limit}); the API allows at most 100. */
        @WithDefault("100")
        int pageSize();

        /** Most calls one read makes; a longer backlog is read on over the next reads, from where this one stopped. */
        @WithDefault("10")
        int maxPagesPerRead();

        /**
         * Each read starts this long before the newest event seen and skips the event IDs it has seen: events that share
         * a timestamp, or that the API lists a little late, are neither lost nor hinted twice.
         */
        @WithDefault("10s")
        Duration overlap();

        /**
         * How long the API keeps events (48 hours, per its docs). A bridge away longer than this has missed events for
         * good: it polls every tracked sync at once and says so.
         */
        @WithDefault("48h")
        Duration retention();

        /** While the feed is healthy: how often a sync with a running execution is still polled. */
        @WithDefault("1m")
        Duration backstopInterval();

        /** While the feed is healthy: how often an idle tracked sync (a watched one) is still polled. */
        @WithDefault("15m")
        Duration idleBackstopInterval();
    }

    /**
     * The receiver of the organization's webhook ({@code POST /webhooks/polytomic}): signed deliveries are hints like
     * the feed's, only sooner. Registering the bridge as the organization's webhook is explicit.
     */
    interface Webhook {
        /**
         * The webhook's secret: a delivery's {@code Polytomic-Signature} must be the HMAC of its body keyed by it. Unset,
         * the receiver refuses every delivery (404). A {@link Secret}.
         */
        Optional<Secret<String>> secret();

        /** The HMAC of the signature, as a JCA Mac name; the docs do not name it. */
        @WithDefault("HmacSHA256")
        String signatureAlgorithm();

        /** How the signature is written: {@code hex} or {@code base64}; the docs do not say. */
        @WithDefault("hex")
        SignatureEncoding signatureEncoding();

        /** Largest delivery accepted; a larger one is refused (413). */
        @WithDefault("64K")
        MemorySize maxSize();

        /** Register this bridge as the organization's webhook ({@code public-url} and {@code secret}) at start-up. */
        @WithDefault("false")
        boolean register();

        /** Where Polytomic reaches this bridge's receiver, e.g. {@code https://bridge.example.com/webhooks/polytomic}. */
        Optional<String> publicUrl();

        /** Replace an organization webhook that points elsewhere; without it, the bridge leaves it and says so. */
        @WithDefault("false")
        boolean replaceExisting();

        /** How often the organization's webhook is checked (and, with {@code register}, put right). */
        @WithDefault("5m")
        Duration checkInterval();

        enum SignatureEncoding {
            HEX,
            BASE64
        }
    }

    /** Who may use the HTTP API. Checked at start-up (SecurityStartupCheck): the bridge refuses to start misconfigured. */
    interface Security {
        /**
         * Authentication of the HTTP API. {@code false} opens every endpoint to anyone who reaches the port; the bridge
         * then says so at every start.
         */
        @WithDefault("true")
        boolean enabled();

        /** Static API tokens by name, for teams without an identity provider; the name shows in logs, never the value. */
        Map<String, Token> tokens();

        Jwt jwt();

        interface Token {
            /** Presented as {@code Authorization: Bearer <value>}; at least 32 characters. A {@link Secret}. */
            Secret<String> value();

            Role role();
        }

        /** Bearer JWTs of the operator's identity provider; roles come from the {@code groups} claim. */
        interface Jwt {
            @WithDefault("false")
            boolean enabled();

            /** The {@code iss} every token must carry. */
            Optional<String> issuer();

            /**
             * The issuer's public keys: a JWKS URL, or a PEM or JWKS file ({@code file:…} or a path). Other checks
             * (audience, groups claim) are smallrye-jwt's own settings, e.g. {@code mp.jwt.verify.audiences}.
             */
            Optional<String> keyLocation();
        }

        /** The two roles of the HTTP API. */
        enum Role {
            /** Submits commands, redrives dead letters, reconciles syncs, and reads. */
            OPERATOR,
            /** Reads the tracked syncs only. */
            READER;

            /** The role's name in security checks and in the {@code groups} of a JWT. */
            public String roleName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /** What liveness allows before it asks Kubernetes for a restart. */
    interface Health {
        /**
         * Longest time the commands consumer may go without polling Kafka. As long as Kafka's own
         * {@code max.poll.interval.ms}: by then the group has evicted the consumer anyway. Pausing intake (breaker,
         * credential) keeps it polling.
         */
        @WithDefault("5m")
        Duration consumerStallTimeout();

        /**
         * Longest a single poll cycle may run. Longer than one status call's retries may take
         * ({@code bridge.polytomic.fault-tolerance.max-retry-duration}), so that a slow API never looks like a stuck
         * poller.
         */
        @WithDefault("15m")
        Duration pollCycleTimeout();
    }

    interface Topics {
        /** Create missing topics at start-up (and give the state topics as many partitions as the commands topic). */
        @WithDefault("true")
        boolean create();

        /** Partitions of the commands topic when the bridge creates it; the state topics follow its actual count. */
        @WithDefault("3")
        int partitions();

        /**
         * Replication factor of topics the bridge creates; unset, min(3, brokers in the cluster), so that a topic
         * outlives the loss of a broker wherever the cluster can hold the copies.
         */
        Optional<Short> replicationFactor();

        /** While a topic is missing or wrongly configured (not ready), how often the bridge checks its topics again. */
        @WithDefault("30s")
        Duration recheckInterval();

        @WithDefault("polytomic.sync.commands")
        String commands();

        @WithDefault("polytomic.sync.commands.dlq")
        String deadLetter();

        @WithDefault("polytomic.sync.command-results")
        String commandResults();

        /**
         * Internal: applied command IDs, compacted and deleted after twice the dedup window; written to the same
         * partition number as the command it records.
         */
        @WithDefault("polytomic.sync.command-dedup")
        String commandDedup();

        @WithDefault("polytomic.sync.status")
        String status();

        /** Internal: compacted tracking state, keyed by sync ID and partitioned like the commands. */
        @WithDefault("polytomic.sync.status-state")
        String statusState();

        /**
         * Internal: hints from webhook deliveries and the events feed, keyed by sync ID and partitioned like the
         * commands, so that each reaches the sync's owner; kept a day.
         */
        @WithDefault("polytomic.sync.status-hints")
        String statusHints();
    }

    interface Commands {
        /** Syncs whose commands are applied at the same time (one lane per sync, commands in order within it). */
        @WithDefault("64")
        int concurrency();

        /** Largest command value accepted; larger records are dead-lettered. */
        @WithDefault("64K")
        MemorySize maxSize();

        /** How long an applied command ID is remembered, so a copy of it is not applied again. */
        @WithDefault("24h")
        Duration dedupWindow();

        /**
         * Most command IDs remembered at once; past it the oldest are forgotten before their window ends (counted in
         * {@code bridge_commands_dedup_forgotten_early_total}). Bounds the memory a busy bridge spends on dedup (about
         * 75 bytes of heap an entry, docs/cost-and-footprint.md); a forgotten ID that comes again still reaches the API with its idempotency key, which
         * the API honours for at least 24 hours.
         */
        @WithDefault("200000")
        long dedupMaxEntries();

        /** A command is retried through API failures until it is this old (from requestedAt), then expires. */
        @WithDefault("24h")
        Duration maxAge();

        /**
         * The one backoff: the first wait after a failed API attempt (a command's, or a read's), doubled per failure in
         * a row up to max-retry-delay, plus up to half at random; never shorter than the API's Retry-After.
         */
        @WithDefault("1s")
        Duration retryDelay();

        @WithDefault("30s")
        Duration maxRetryDelay();

        /**
         * How far in the future a command's requestedAt may lie (a producer's clock running ahead); further, the
         * command is invalid: its max age would keep it alive too long.
         */
        @WithDefault("5m")
        Duration clockSkewTolerance();
    }

    interface Polytomic {
        /** The API's base URL: {@code https://app.polytomic.com}, or a self-hosted deployment's. */
        @WithDefault("https://app.polytomic.com")
        java.net.URI url();

        /** Longest wait for a new connection to the API; the attempt's timeout bounds the whole call. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Connections kept to the API: room for every command lane and the poller's concurrent status calls. */
        @WithDefault("200")
        int connectionPoolSize();

        /**
         * A named TLS configuration of Quarkus' TLS registry ({@code quarkus.tls.<name>.*}) for HTTPS to the API: a
         * private CA's trust store, a client certificate. Unset: the JVM's default trust store.
         */
        Optional<String> tlsConfigurationName();

        /**
         * Bearer user API key; takes precedence over the Basic pair. A {@link Secret}: SmallRye Config hides it from
         * configuration dumps and lookups, and only this mapping can read it.
         */
        Optional<Secret<String>> apiKey();

        /** Basic auth user: the organization ID (with an organization-scoped or deployment key). */
        Optional<String> organizationId();

        /** Basic auth password: organization-scoped API key or deployment key (a {@link Secret} too). */
        Optional<Secret<String>> organizationKey();

        /** Sent as X-Polytomic-Version on every call. */
        @WithDefault("2025-09-18")
        String apiVersion();

        /**
         * How often a credential the API rejected (or that could not be checked) is checked again with
         * {@code GET /api/me}; one it accepts again resumes command intake without a restart.
         */
        @WithDefault("1m")
        Duration credentialRecheckInterval();

        FaultTolerance faultTolerance();
    }

    interface FaultTolerance {
        /** Longest wait for one API attempt. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Attempts of one read (a status poll, a command's state read) on a retriable outcome, with the backoff of
         * bridge.commands.retry-delay; mutations are retried by their command's loop instead.
         */
        @WithDefault("3")
        int readAttempts();

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
        /**
         * Execution statuses that end tracking: the three the docs call terminal, and {@code errors} (a bulk run that
         * finished with errors) and {@code interrupted}, which the docs leave open but after which nothing runs.
         * Unknown statuses are never terminal unless listed here.
         */
        @WithName("terminal-statuses")
        @WithDefault("completed,canceled,failed,errors,interrupted")
        Set<String> terminalStatuses();

        /** Poll cycle: syncs with a running execution or a pending cancel are polled every cycle. */
        @WithDefault("5s")
        Duration interval();

        /** Idle tracked syncs are polled less and less often, down to once per this long. */
        @WithDefault("60s")
        Duration idleMaxInterval();

        /** Bulk syncs per list-status call. */
        @WithDefault("50")
        int batchSize();

        /** Model sync status calls in flight at once. */
        @WithDefault("8")
        int modelConcurrency();

        /** Status calls per second the poller never exceeds (averaged over a cycle). */
        @WithDefault("20")
        int maxCallsPerSecond();

        /** After a cancel, how long until a still-running execution gets a cancel-timeout warning event. */
        @WithDefault("5m")
        Duration cancelTimeout();

        /** Sync IDs watched permanently, whether or not they receive commands. */
        Optional<Set<String>> watchModelSyncs();

        Optional<Set<String>> watchBulkSyncs();

        /** Watch every bulk sync of the organization ({@code all}), only the active ones ({@code active}), or none. */
        @WithDefault("none")
        String watchOrganizationBulkSyncs();

        /**
         * Publish the status changes of every sync of the organization that the events feed or the webhook tells of,
         * scheduled runs nobody started through Kafka included: each is tracked from its event until its execution
         * ends, like a sync that received a command.
         */
        @WithDefault("false")
        boolean followOrganization();

        /** CloudEvents {@code source} of status events. */
        @WithDefault("urn:polytomic-kafka-bridge")
        String eventSource();
    }
}
