package io.polybridge.polytomic;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The state of the Polytomic API circuit breaker, for beans that pause on it (consumer, poller) and for health. The
 * state is pushed here by the breaker itself ({@link ApiGuard}), so reading it never depends on whether the breaker
 * was built yet.
 */
@ApplicationScoped
public class ApiCircuitBreaker {

    /** The breaker's name, also its name in SmallRye Fault Tolerance metrics. */
    public static final String NAME = "polytomic-api";

    private final List<Consumer<CircuitBreakerState>> listeners = new CopyOnWriteArrayList<>();
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private volatile boolean built;

    public CircuitBreakerState state() {
        return state;
    }

    /** True while calls are refused outright; half-open lets trial calls through, so it is not "open" here. */
    public boolean isOpen() {
        return state == CircuitBreakerState.OPEN;
    }

    /** Calls {@code listener} on every state change (open, half-open, closed). */
    public void onStateChange(Consumer<CircuitBreakerState> listener) {
        listeners.add(listener);
    }

    void built() {
        built = true;
    }

    void changed(CircuitBreakerState newState) {
        state = newState;
        listeners.forEach(l -> l.accept(newState));
    }

    /** Closes the breaker and clears its window; for tests and operators. */
    public void reset() {
        if (built) {
            CircuitBreakerMaintenance.get().reset(NAME);
        }
        changed(CircuitBreakerState.CLOSED);
    }
}
