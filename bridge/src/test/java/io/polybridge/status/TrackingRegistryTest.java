package io.polybridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.polybridge.command.TestConfigs;
import io.polybridge.polytomic.SyncKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackingRegistryTest {

    private final ObjectMapper json =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    // Restoring and selecting write nothing to Kafka, so no record writer is needed here.
    private final TrackingRegistry registry = new TrackingRegistry(null, json, TestConfigs.bridge());
    private final Instant now = Instant.parse("2026-11-25T10:00:00Z");

    private void track(SyncKind kind, int partition, Instant nextPollAt) throws Exception {
        String id = UUID.randomUUID().toString();
        TrackedSync tracked = TrackedSync.start(id, kind, partition, now.minusSeconds(3600), false)
                .polled(nextPollAt, 0);
        registry.restore(partition, id, json.writeValueAsString(tracked));
    }

    @Test
    void selectsTheMostOverdueOfEachKindUpToItsLimit() throws Exception {
        registry.assigned(Set.of(0, 1), 3);
        for (int i = 1; i <= 300; i++) {
            track(SyncKind.MODEL, i % 2, now.minusSeconds(i));
            track(SyncKind.BULK, i % 2, now.minusSeconds(1000 + i));
        }
        track(SyncKind.MODEL, 0, now.plusSeconds(5)); // not due yet
        track(SyncKind.MODEL, 2, now.minusSeconds(99_999)); // another instance's partition

        List<TrackedSync> due = registry.due(now, 50, 20);

        List<TrackedSync> model =
                due.stream().filter(t -> t.kind() == SyncKind.MODEL).toList();
        List<TrackedSync> bulk =
                due.stream().filter(t -> t.kind() == SyncKind.BULK).toList();
        assertThat(model).hasSize(20).allMatch(t -> !t.nextPollAt().isAfter(now.minusSeconds(281)));
        assertThat(bulk).hasSize(50).allMatch(t -> !t.nextPollAt().isAfter(now.minusSeconds(1251)));
        assertThat(due).extracting(TrackedSync::nextPollAt).isSorted();
        assertThat(due).allMatch(t -> t.partition() != 2);
    }

    @Test
    void selectsEveryDueSyncUnderTheLimits() throws Exception {
        registry.assigned(Set.of(0), 1);
        for (int i = 1; i <= 10; i++) {
            track(SyncKind.MODEL, 0, now.minusSeconds(i));
        }
        track(SyncKind.BULK, 0, now);
        assertThat(registry.due(now, 50, 20)).hasSize(11);
        assertThat(registry.due(now, 0, 0)).isEmpty();
    }
}
