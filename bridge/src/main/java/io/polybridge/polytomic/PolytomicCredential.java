package io.polybridge.polytomic;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the Polytomic API makes of the configured credential, as last checked ({@link CredentialCheck}): for the beans
 * that hold work while it is rejected (command intake, poller), for health and for metrics. Like
 * {@link ApiCircuitBreaker}, a plain holder that the check pushes changes into.
 */
@ApplicationScoped
public class PolytomicCredential {

    /** Where the credential stands. */
    public enum State {
        /** Not checked yet (start-up): command intake waits for the first answer. */
        CHECKING,
        /** The API answered GET /api/me. */
        ACCEPTED,
        /** The API answered 401, or no credential is configured: commands wait on the topic. */
        REJECTED,
        /** The check got no usable answer (API down, unexpected status): commands flow, the breaker governs. */
        UNVERIFIED
    }

    /** A state with what the last check found: who the credential is when accepted, else why not. */
    public record Status(State state, Instant checkedAt, Identity identity, String reason) {}

    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> refusalListeners = new CopyOnWriteArrayList<>();
    private volatile Status status = new Status(State.CHECKING, null, null, "not checked yet");

    public Status status() {
        return status;
    }

    public State state() {
        return status.state();
    }

    public boolean rejected() {
        return status.state() == State.REJECTED;
    }

    /** Calls {@code listener} whenever the state changes. */
    public void onStateChange(Consumer<State> listener) {
        listeners.add(listener);
    }

    void onRefusal(Runnable listener) {
        refusalListeners.add(listener);
    }

    /** An API call was answered 401: the credential may have been revoked since it was last checked. */
    void refused() {
        refusalListeners.forEach(Runnable::run);
    }

    void update(Status newStatus) {
        State before = status.state();
        status = newStatus;
        if (before != newStatus.state()) {
            listeners.forEach(l -> l.accept(newStatus.state()));
        }
    }
}
