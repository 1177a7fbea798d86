package io.polybridge.polytomic;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the Polytomic API breaker is open: the bridge is pausing, not failing. */
@Readiness
@ApplicationScoped
class ApiBreakerHealthCheck implements HealthCheck {

    private final ApiCircuitBreaker breaker;

    ApiBreakerHealthCheck(ApiCircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("polytomic-api")
                .status(!breaker.isOpen())
                .withData("circuitBreaker", breaker.state().name().toLowerCase())
                .build();
    }
}
