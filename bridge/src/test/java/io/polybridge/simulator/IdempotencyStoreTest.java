package io.polybridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Outcomes are replayed for the retention, then forgotten: the key is a new request again. */
class IdempotencyStoreTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final IdempotencyStore store = new IdempotencyStore(clock, Duration.ofHours(24));
    private final SimResponse applied =
            SimResponse.ok(JsonNodeFactory.instance.objectNode().put("n", 1));

    @Test
    void anOutcomeIsReplayedUntilItsRetentionEnds() {
        assertThat(store.begin("org", "key-00001")).isEmpty();
        store.complete("org", "key-00001", applied);

        clock.now = clock.now.plus(Duration.ofHours(24).minusSeconds(1));
        assertThat(store.begin("org", "key-00001")).contains(applied);

        clock.now = clock.now.plusSeconds(1);
        assertThat(store.begin("org", "key-00001"))
                .as("forgotten: a new request")
                .isEmpty();
    }

    @Test
    void aKeyUsedAgainAfterItWasForgottenKeepsItsNewOutcomeForAFullRetention() {
        store.begin("org", "key-00001");
        store.complete("org", "key-00001", applied);
        clock.now = clock.now.plus(Duration.ofHours(25));
        SimResponse second = SimResponse.error(404, "not_found", "gone");
        assertThat(store.begin("org", "key-00001")).isEmpty();
        store.complete("org", "key-00001", second);

        clock.now = clock.now.plus(Duration.ofHours(23));
        assertThat(store.begin("org", "key-00001")).contains(second);
    }

    @Test
    void onlyExpiredOutcomesAreForgottenAndAKeyInFlightStaysLocked() {
        store.begin("org", "old-key-01");
        store.complete("org", "old-key-01", applied);
        clock.now = clock.now.plus(Duration.ofHours(12));
        store.begin("org", "new-key-01");
        store.complete("org", "new-key-01", applied);
        assertThat(store.begin("org", "in-flight-01")).isEmpty();

        clock.now = clock.now.plus(Duration.ofHours(13));
        assertThat(store.begin("org", "in-flight-01").orElseThrow().status()).isEqualTo(409);
        assertThat(store.begin("org", "new-key-01")).contains(applied);
        // The old key's outcome, and nothing else, was forgotten: the new key and the one in flight are kept.
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.begin("org", "old-key-01")).isEmpty();
    }

    @Test
    void keysAreScopedPerCredential() {
        store.begin("org-a", "key-00001");
        store.complete("org-a", "key-00001", applied);
        assertThat(store.begin("org-b", "key-00001")).isEmpty();
    }
}
