package io.polybridge.events;

import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.CommandPartitions;
import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.IdempotencyKey;
import io.polybridge.polytomic.PolytomicClient;
import io.polybridge.polytomic.Webhook;
import io.polybridge.polytomic.WebhookRequest;
import io.polybridge.status.PollerStartGate;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.Secret;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks the organization's webhook every {@code bridge.webhook.check-interval} and keeps what it found for health
 * ({@link WebhookHealthCheck}); with {@code bridge.webhook.register=true}, the owner of commands partition 0 (one
 * instance of the group) also puts it right as {@link WebhookPlan} says: creates it, enables it, or points it here.
 */
@ApplicationScoped
class WebhookRegistration {

    private final PolytomicClient client;
    private final CommandPartitions partitions;
    private final BridgeConfig.Webhook config;
    private final Optional<String> secret;
    private volatile WebhookPlan.State state = WebhookPlan.State.UNKNOWN;
    private volatile String endpoint;
    private volatile Instant checkedAt;
    private volatile WebhookPlan.State warned;

    WebhookRegistration(PolytomicClient client, CommandPartitions partitions, BridgeConfig config) {
        this.client = client;
        this.partitions = partitions;
        this.config = config.webhook();
        this.secret = this.config.secret().map(Secret::get);
    }

    /** Registering needs both the public URL and the secret: without them the bridge refuses to start. */
    void validate(@Observes StartupEvent event) {
        if (config.register() && (config.publicUrl().isEmpty() || secret.isEmpty())) {
            throw new IllegalStateException("bridge.webhook.register=true needs bridge.webhook.public-url and"
                    + " bridge.webhook.secret (BRIDGE_WEBHOOK_PUBLIC_URL, BRIDGE_WEBHOOK_SECRET)");
        }
    }

    @Scheduled(
            identity = "webhook-check",
            every = "${bridge.webhook.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PollerStartGate.class)
    Uni<Void> scheduled() {
        if (secret.isEmpty()) {
            state = WebhookPlan.State.RECEIVER_OFF;
            return Uni.createFrom().voidItem();
        }
        return check().onFailure()
                .invoke(failure -> Log.warnf("Checking the organization's webhook failed: %s", failure.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** One check, and the change registration calls for; completes with what the webhook is now. */
    Uni<WebhookPlan.State> check() {
        return client.webhooks().chain(result -> {
            if (!result.ok()) {
                Log.debugf("Listing the organization's webhooks failed: %s", result.describe());
                state = WebhookPlan.State.UNKNOWN;
                return Uni.createFrom().item(state);
            }
            Optional<Webhook> current = result.body() == null
                    ? Optional.empty()
                    : result.body().stream().findFirst();
            WebhookPlan plan =
                    WebhookPlan.of(current, config.publicUrl(), secret, config.register(), config.replaceExisting());
            checkedAt = Instant.now();
            endpoint = current.map(Webhook::endpoint).orElse(null);
            boolean mayChange = partitions.owned().contains(FeedCursorStore.PARTITION);
            if (plan.action() == WebhookPlan.Action.NOTHING || !mayChange) {
                report(plan.state());
                return Uni.createFrom().item(plan.state());
            }
            return apply(plan.action(), current).map(done -> {
                WebhookPlan.State now = done.ok() ? WebhookPlan.State.POINTS_HERE : plan.state();
                if (done.ok()) {
                    endpoint = config.publicUrl().orElseThrow();
                    Log.infof("The organization's webhook now points at this bridge (%s)", endpoint);
                } else {
                    Log.warnf("Registering the organization's webhook failed: %s", done.describe());
                }
                report(now);
                return now;
            });
        });
    }

    private Uni<ApiResult<Webhook>> apply(WebhookPlan.Action action, Optional<Webhook> current) {
        WebhookRequest request = new WebhookRequest(config.publicUrl().orElseThrow(), secret.orElseThrow());
        if (action == WebhookPlan.Action.CREATE) {
            return client.createWebhook(request, IdempotencyKey.fresh("webhook-" + UUID.randomUUID()));
        }
        String id = current.orElseThrow().id();
        if (action == WebhookPlan.Action.ENABLE) {
            return client.enableWebhook(id, IdempotencyKey.fresh("webhook-enable-" + UUID.randomUUID()));
        }
        return client.updateWebhook(id, request);
    }

    /** Says once per change what the webhook is, when it is not what this bridge needs. */
    private void report(WebhookPlan.State now) {
        state = now;
        if (now == warned) {
            return;
        }
        warned = now;
        switch (now) {
            case ELSEWHERE ->
                Log.warnf(
                        "The organization's webhook points at %s, not at this bridge: left as it is (to take it over, set"
                                + " bridge.webhook.register=true and bridge.webhook.replace-existing=true)",
                        endpoint);
            case SECRET_DIFFERS ->
                Log.warnf(
                        "The organization's webhook points here with another secret: every"
                                + " delivery is refused until bridge.webhook.secret matches it (or register=true puts it right)");
            case DISABLED -> Log.warnf("The organization's webhook points here but is disabled: nothing is delivered");
            default -> Log.debugf("The organization's webhook: %s", now);
        }
    }

    WebhookPlan.State state() {
        return state;
    }

    String endpoint() {
        return endpoint;
    }

    Instant checkedAt() {
        return checkedAt;
    }

    /** Whether this bridge registers the webhook itself. */
    boolean registers() {
        return config.register();
    }
}
