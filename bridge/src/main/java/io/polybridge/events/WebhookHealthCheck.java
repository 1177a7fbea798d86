package io.polybridge.events;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether the organization's webhook points at this bridge ({@code webhook}: points-here, none, elsewhere, disabled,
 * secret-differs, unknown). Always up: without the webhook, the events feed and polling still publish every change,
 * only later, so it is no reason to take the instance out of service; the data says what is missing.
 */
@Readiness
@ApplicationScoped
class WebhookHealthCheck implements HealthCheck {

    private final WebhookRegistration registration;

    WebhookHealthCheck(WebhookRegistration registration) {
        this.registration = registration;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("polytomic-webhook")
                .up()
                .withData("webhook", registration.state().name().toLowerCase().replace('_', '-'))
                .withData("pointsHere", registration.state() == WebhookPlan.State.POINTS_HERE)
                .withData("register", registration.registers());
        if (registration.endpoint() != null) {
            builder.withData("endpoint", registration.endpoint());
        }
        if (registration.checkedAt() != null) {
            builder.withData("checkedAt", registration.checkedAt().toString());
        }
        return builder.build();
    }
}
