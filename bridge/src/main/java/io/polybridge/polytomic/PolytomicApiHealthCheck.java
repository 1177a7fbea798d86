package io.polybridge.polytomic;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

/**
 * The Polytomic API as the bridge sees it: its credential and its circuit breaker. A startup check, down only while
 * the API rejects the credential: a pod started with a wrong key never counts as started (a rollout with a bad secret
 * stops there), while an open breaker, which passes by itself and leaves commands waiting on the topic, takes no pod
 * out of the Service and restarts none.
 */
@Startup
@ApplicationScoped
class PolytomicApiHealthCheck implements HealthCheck {

    private final ApiCircuitBreaker breaker;
    private final PolytomicCredential credential;

    PolytomicApiHealthCheck(ApiCircuitBreaker breaker, PolytomicCredential credential) {
        this.breaker = breaker;
        this.credential = credential;
    }

    @Override
    public HealthCheckResponse call() {
        PolytomicCredential.Status status = credential.status();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("polytomic-api")
                .status(status.state() != PolytomicCredential.State.REJECTED)
                .withData("credential", lower(status.state().name()))
                .withData("circuitBreaker", lower(breaker.state().name()).replace('_', '-'));
        if (status.checkedAt() != null) {
            builder.withData("credentialCheckedAt", status.checkedAt().toString());
        }
        if (status.identity() != null) {
            builder.withData("callerKind", status.identity().callerKind());
            if (status.identity().organizationName() != null) {
                builder.withData("organization", status.identity().organizationName());
            }
        }
        if (status.reason() != null) {
            builder.withData("reason", status.reason());
        }
        return builder.build();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
