package io.polybridge.polytomic;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;

/** The state of the Polytomic API circuit breaker, for beans that pause on it (consumer, poller) and for health. */
@ApplicationScoped
public class ApiCircuitBreaker {

    /** The breaker's name, also its name in SmallRye Fault Tolerance metrics. */
    public static final String NAME = "polytomic-api";

    public CircuitBreakerState state() {
        return CircuitBreakerMaintenance.get().currentState(NAME);
    }

    /** True while calls are refused outright; half-open lets trial calls through, so it is not "open" here. */
    public boolean isOpen() {
        return state() == CircuitBreakerState.OPEN;
    }

    /** Closes the breaker and clears its window; for tests and operators. */
    public void reset() {
        CircuitBreakerMaintenance.get().reset(NAME);
    }
}
