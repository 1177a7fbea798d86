package io.polybridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.polytomic.SyncKind;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which tracked syncs are polled every cycle. */
class TrackedSyncTest {

    @Test
    void aWatchedSyncThatNeverRanIsIdleWhileOneJustCommandedIsActive() {
        Instant now = Instant.now();
        TrackedSync watched = TrackedSync.start(UUID.randomUUID().toString(), SyncKind.MODEL, 0, now, true);
        TrackedSync commanded = TrackedSync.start(UUID.randomUUID().toString(), SyncKind.MODEL, 0, now, false);

        assertThat(watched.active()).isFalse();
        assertThat(commanded.active()).isTrue();
        assertThat(watched.following("exec-1", "running", false).active()).isTrue();
    }
}
