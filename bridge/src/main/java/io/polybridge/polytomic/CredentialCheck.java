package io.polybridge.polytomic;

import io.polybridge.config.BridgeConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks the configured Polytomic credential with {@code GET /api/me}, the cheapest authenticated call: at start-up,
 * again every {@code bridge.polytomic.credential-recheck-interval} while it is rejected or unverified, and whenever an
 * API call is answered 401. A wrong or missing credential is then a configuration error the bridge reports once
 * (health, metrics, one ERROR line) and waits out, with commands left on the topic, rather than a reason to reject and
 * dead-letter every command.
 *
 * <p>Only a 401 rejects the credential: any other answer, or none, leaves it unverified and the commands flowing under
 * the circuit breaker's rules. A rejected credential stays rejected until the API accepts it.
 */
@ApplicationScoped
class CredentialCheck {

    private final PolytomicClient client;
    private final PolytomicCredential credential;
    private final boolean configured;
    private final Duration recheck;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean checking = new AtomicBoolean();

    CredentialCheck(PolytomicClient client, PolytomicCredential credential, BridgeConfig config) {
        this.client = client;
        this.credential = credential;
        this.configured = PolytomicHeaders.authorization(config.polytomic()) != null;
        this.recheck = config.polytomic().credentialRecheckInterval();
    }

    void onStart(@Observes StartupEvent event) {
        credential.onRefusal(this::check);
        if (!configured) {
            reject("No Polytomic credential is configured. Command intake and status polling stay paused: commands wait"
                    + " on the topic, none is dead-lettered for this. Set POLYTOMIC_API_KEY (or POLYTOMIC_ORGANIZATION_ID"
                    + " and POLYTOMIC_ORGANIZATION_KEY) and restart.");
            return;
        }
        check();
    }

    @Scheduled(
            identity = "polytomic-credential-check",
            every = "${bridge.polytomic.credential-recheck-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recheck() {
        PolytomicCredential.State state = credential.state();
        if (configured
                && (state == PolytomicCredential.State.REJECTED || state == PolytomicCredential.State.UNVERIFIED)) {
            check();
        }
    }

    /** One check at a time: a burst of 401s (every command in flight) makes one call. */
    void check() {
        if (!configured || !checking.compareAndSet(false, true)) {
            return;
        }
        client.identity()
                .onTermination()
                .invoke(() -> checking.set(false))
                .subscribe()
                .with(
                        this::apply,
                        failure ->
                                unverified("check failed: " + failure.getClass().getSimpleName()));
    }

    private void apply(ApiResult<Identity> answer) {
        if (answer.ok() && answer.body() != null) {
            accept(answer.body());
        } else if (answer.outcome() == Outcome.UNAUTHORIZED) {
            reject("Polytomic rejected the configured credential (GET /api/me answered HTTP " + answer.httpStatus()
                    + "). Command intake and status polling are paused: commands wait on the topic, none is"
                    + " dead-lettered for this. Set a valid POLYTOMIC_API_KEY (or POLYTOMIC_ORGANIZATION_ID and"
                    + " POLYTOMIC_ORGANIZATION_KEY) and restart; the credential is checked again every " + recheck
                    + ", so a key the API accepts again resumes the bridge by itself.");
        } else {
            unverified(answer.describe());
        }
    }

    private void accept(Identity identity) {
        PolytomicCredential.State before = credential.state();
        credential.update(
                new PolytomicCredential.Status(PolytomicCredential.State.ACCEPTED, clock.instant(), identity, null));
        if (before != PolytomicCredential.State.ACCEPTED) {
            Log.infof(
                    "Polytomic credential accepted: %s key of organization %s%s",
                    identity.callerKind(),
                    identity.organizationName(),
                    before == PolytomicCredential.State.REJECTED ? "; command intake and polling resume" : "");
        }
    }

    private void reject(String message) {
        PolytomicCredential.State before = credential.state();
        credential.update(
                new PolytomicCredential.Status(PolytomicCredential.State.REJECTED, clock.instant(), null, message));
        if (before != PolytomicCredential.State.REJECTED) {
            Log.error(message);
        }
    }

    /** No usable answer. A rejected credential stays rejected: only the API accepting it clears that. */
    private void unverified(String reason) {
        PolytomicCredential.State before = credential.state();
        if (before == PolytomicCredential.State.REJECTED) {
            Log.debugf("Polytomic credential still rejected; the recheck got no answer: %s", reason);
            return;
        }
        credential.update(
                new PolytomicCredential.Status(PolytomicCredential.State.UNVERIFIED, clock.instant(), null, reason));
        if (before != PolytomicCredential.State.UNVERIFIED) {
            Log.warnf(
                    "Polytomic credential not verified (GET /api/me: %s); commands are applied meanwhile, checked again"
                            + " every %s",
                    reason, recheck);
        }
    }
}
