package io.polybridge.polytomic;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The state of the Polytomic API circuit breaker, for beans that pause on it (consumer, poller) and for health. */
@ApplicationScoped
public class ApiCircuitBreaker {

    /** The breaker's name, also its name in SmallRye Fault Tolerance metrics. */
    public static final String NAME = "polytomic-api";

    private final List<Consumer<CircuitBreakerState>> listeners = new CopyOnWriteArrayList<>();

    public CircuitBreakerState state() {
        return CircuitBreakerMaintenance.get().currentState(NAME);
    }

    /** True while calls are refused outright; half-open lets trial calls through, so it is not "open" here. */
    public boolean isOpen() {
        return state() == CircuitBreakerState.OPEN;
    }

    /** Calls {@code listener} on every state change (open, half-open, closed). */
    public void onStateChange(Consumer<CircuitBreakerState> listener) {
        listeners.add(listener);
    }

    void changed(CircuitBreakerState state) {
        listeners.forEach(l -> l.accept(state));
    }

    /** Closes the breaker and clears its window; for tests and operators. */
    public void reset() {
        CircuitBreakerMaintenance.get().reset(NAME);
    }
}
