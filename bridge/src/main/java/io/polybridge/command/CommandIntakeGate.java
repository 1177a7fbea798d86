package io.polybridge.command;

import io.polybridge.polytomic.ApiCircuitBreaker;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.reactive.messaging.ChannelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Stops taking commands while the API circuit breaker is open and resumes when it lets trial calls through, so an
 * outage leaves new commands on the topic instead of piling them up in memory. Commands already taken keep their
 * lanes and wait; nothing is dead-lettered for an outage.
 */
@ApplicationScoped
class CommandIntakeGate {

    private final ApiCircuitBreaker breaker;
    private final ChannelRegistry channels;

    CommandIntakeGate(ApiCircuitBreaker breaker, ChannelRegistry channels) {
        this.breaker = breaker;
        this.channels = channels;
    }

    void register(@Observes StartupEvent event) {
        breaker.onStateChange(this::onBreaker);
    }

    private void onBreaker(CircuitBreakerState state) {
        var intake = channels.getPausable(Channels.COMMANDS);
        if (intake == null) {
            return;
        }
        if (state == CircuitBreakerState.OPEN) {
            Log.warn("Polytomic API circuit breaker open: pausing command intake");
            intake.pause();
        } else if (intake.isPaused()) {
            Log.infof("Polytomic API circuit breaker %s: resuming command intake", state);
            intake.resume();
        }
    }
}
