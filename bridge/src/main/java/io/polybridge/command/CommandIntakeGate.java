package io.polybridge.command;

import io.polybridge.kafka.Channels;
import io.polybridge.polytomic.ApiCircuitBreaker;
import io.polybridge.polytomic.PolytomicCredential;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * Stops taking commands while they cannot be applied and resumes when they can, so that new commands wait on the topic
 * instead of piling up in memory or being dead-lettered:
 *
 * <ul>
 *   <li>while the API circuit breaker is open (an outage), until it lets trial calls through;
 *   <li>while the Polytomic credential is rejected (a configuration error), until the API accepts it;
 *   <li>at start-up, until the credential was checked once (the channel starts paused).
 * </ul>
 *
 * Commands already taken keep their lanes and wait. The consumer keeps polling while paused, so it stays in its group.
 */
@ApplicationScoped
class CommandIntakeGate {

    private final ApiCircuitBreaker breaker;
    private final PolytomicCredential credential;
    private final ChannelRegistry channels;
    private volatile String pausedFor;

    CommandIntakeGate(ApiCircuitBreaker breaker, PolytomicCredential credential, ChannelRegistry channels) {
        this.breaker = breaker;
        this.credential = credential;
        this.channels = channels;
    }

    void register(@Observes StartupEvent event) {
        breaker.onStateChange(state -> update());
        credential.onStateChange(state -> update());
        update();
    }

    /** Why intake is paused, or empty while it runs. */
    Optional<String> pausedFor() {
        return Optional.ofNullable(pausedFor);
    }

    private synchronized void update() {
        var intake = channels.getPausable(Channels.COMMANDS);
        if (intake == null) {
            return;
        }
        Optional<String> hold = reason();
        if (hold.isPresent() && !intake.isPaused()) {
            // The breaker opening is the one outage line operators look for; a credential has its own ERROR line.
            if (breaker.isOpen()) {
                Log.warn("Polytomic API circuit breaker open: pausing command intake");
            } else {
                Log.infof("Pausing command intake: %s", hold.get());
            }
            intake.pause();
        } else if (hold.isEmpty() && intake.isPaused()) {
            Log.infof(
                    "Resuming command intake (circuit breaker %s, credential %s)", breaker.state(), credential.state());
            intake.resume();
        }
        pausedFor = hold.orElse(null);
    }

    private Optional<String> reason() {
        if (credential.state() == PolytomicCredential.State.CHECKING) {
            return Optional.of("Polytomic credential not checked yet");
        }
        if (credential.rejected()) {
            return Optional.of("Polytomic credential rejected");
        }
        return breaker.isOpen() ? Optional.of("Polytomic API circuit breaker open") : Optional.empty();
    }
}
