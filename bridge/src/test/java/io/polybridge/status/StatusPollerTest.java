package io.polybridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.polybridge.command.TestConfigs;
import io.polybridge.config.BridgeConfig;
import io.polybridge.polytomic.SyncKind;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One poll cycle spends at most its call budget, and applies everything its calls saw. */
class StatusPollerTest {

    private final ObjectMapper json =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * The API, as the poller sees it: every sync asked about is running, except that list-status calls leave out the
     * syncs in {@code leftOut}, and the single-sync call answers 404 for those in {@code deleted}. Calls are counted.
     */
    static final class FakeSource extends StatusSource {
        final List<List<String>> bulkCalls = new ArrayList<>();
        final List<String> singleCalls = new ArrayList<>();
        final Set<String> organization = new HashSet<>();
        final Set<String> leftOut = new HashSet<>();
        final Set<String> deleted = new HashSet<>();
        int organizationCalls;

        FakeSource() {
            super(null);
        }

        @Override
        Uni<Polled> bulk(List<String> syncIds) {
            bulkCalls.add(List.copyOf(syncIds));
            Polled polled =
                    running(syncIds.stream().filter(id -> !leftOut.contains(id)).toList());
            syncIds.stream().filter(leftOut::contains).forEach(polled.unconfirmed()::add);
            return Uni.createFrom().item(polled);
        }

        @Override
        Uni<Polled> bulkEach(List<String> syncIds, int concurrency) {
            singleCalls.addAll(syncIds);
            Polled polled =
                    running(syncIds.stream().filter(id -> !deleted.contains(id)).toList());
            syncIds.stream().filter(deleted::contains).forEach(id -> polled.gone()
                    .put(id, "answered 404"));
            return Uni.createFrom().item(polled);
        }

        @Override
        Uni<Polled> organization(boolean activeOnly) {
            organizationCalls++;
            return Uni.createFrom().item(running(organization));
        }

        private static Polled running(Iterable<String> syncIds) {
            Polled polled = Polled.empty();
            for (String id : syncIds) {
                polled.seen()
                        .put(
                                id,
                                new Observation(
                                        "exec-" + id, "running", null, null, null, null, null, null, List.of()));
            }
            return polled;
        }
    }

    /** Records what it was given and moves the sync's next poll on, as publishing does. */
    static final class FakePublisher extends StatusPublisher {
        final List<String> applied = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        private final TrackingRegistry registry;

        FakePublisher(TrackingRegistry registry, BridgeConfig config) {
            super(registry, null, null, config, null, null, null, null);
            this.registry = registry;
        }

        @Override
        Uni<Integer> apply(String syncId, Observation seen, Instant now) {
            applied.add(syncId);
            registry.update(syncId, t -> t.polled(now.plusSeconds(60), 0));
            return Uni.createFrom().item(1);
        }

        @Override
        Uni<Integer> end(String syncId, String reason, String detail, Instant now) {
            ended.add(syncId + ": " + reason);
            registry.update(syncId, t -> null);
            return Uni.createFrom().item(1);
        }
    }

    private record Setup(StatusPoller poller, FakeSource source, FakePublisher publisher, List<String> bulk) {}

    /** {@code count} tracked bulk syncs, the first the most overdue. */
    private Setup setUp(Map<String, String> config, int count) throws Exception {
        BridgeConfig bridge = TestConfigs.bridge(config);
        TrackingRegistry registry = new TrackingRegistry(null, json, bridge);
        registry.assigned(Set.of(0), 1);
        List<String> bulk = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            TrackedSync tracked = TrackedSync.start(id, SyncKind.BULK, 0, now.minusSeconds(3600), false)
                    .polled(now.minusSeconds(100 - i), 0);
            registry.restore(0, id, json.writeValueAsString(tracked));
            bulk.add(id);
        }
        FakeSource source = new FakeSource();
        FakePublisher publisher = new FakePublisher(registry, bridge);
        StatusPoller poller = new StatusPoller(
                registry,
                source,
                publisher,
                null,
                null,
                bridge,
                new StatusMetrics(new SimpleMeterRegistry(), registry),
                new StatusBudget(bridge),
                new FeedHealth(bridge));
        return new Setup(poller, source, publisher, bulk);
    }

    private static StatusPoller.CycleStats cycle(Setup setup) {
        return setup.poller().cycle().await().atMost(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aCycleStaysWithinItsBudgetAndTheNextTakesTheSyncsItLeft() throws Exception {
        // Budget: 2 calls a cycle of 1 s, 3 syncs a list-status call: 6 of the 10 due syncs a cycle.
        Setup setup = setUp(
                Map.of(
                        "bridge.status.interval", "1s",
                        "bridge.status.max-calls-per-second", "2",
                        "bridge.status.batch-size", "3"),
                10);

        StatusPoller.CycleStats first = cycle(setup);

        assertThat(first.calls()).isEqualTo(2);
        assertThat(setup.source().bulkCalls).hasSize(2).allMatch(call -> call.size() == 3);
        assertThat(setup.publisher().applied)
                .containsExactlyInAnyOrderElementsOf(setup.bulk().subList(0, 6));

        cycle(setup);
        assertThat(setup.publisher().applied).containsExactlyInAnyOrderElementsOf(setup.bulk());
    }

    @Test
    void anOrganizationWatchAppliesEveryDueSyncItSawBeyondTheBatchBudget() throws Exception {
        Setup setup = setUp(
                Map.of(
                        "bridge.status.interval", "1s",
                        "bridge.status.max-calls-per-second", "2",
                        "bridge.status.batch-size", "3",
                        "bridge.status.watch-organization-bulk-syncs", "all"),
                10);
        setup.source().organization.addAll(setup.bulk());

        StatusPoller.CycleStats cycle = cycle(setup);

        assertThat(setup.source().organizationCalls).isEqualTo(1);
        assertThat(setup.source().bulkCalls).isEmpty();
        assertThat(cycle.calls()).isEqualTo(1);
        // One call saw all ten: none of them waits for a later cycle.
        assertThat(setup.publisher().applied).containsExactlyInAnyOrderElementsOf(setup.bulk());
    }

    @Test
    void syncsAListAnswerLeftOutAreAskedAboutAloneAndOnlyAGoneOneEnds() throws Exception {
        Setup setup = setUp(Map.of("bridge.status.batch-size", "50"), 4);
        List<String> bulk = setup.bulk();
        setup.source().leftOut.addAll(bulk.subList(0, 2));
        setup.source().deleted.add(bulk.get(0));

        StatusPoller.CycleStats cycle = cycle(setup);

        assertThat(setup.source().bulkCalls).singleElement().satisfies(c -> assertThat(c)
                .containsExactlyInAnyOrderElementsOf(bulk));
        assertThat(setup.source().singleCalls).containsExactlyInAnyOrder(bulk.get(0), bulk.get(1));
        assertThat(setup.publisher().ended).containsExactly(bulk.get(0) + ": sync-not-found");
        assertThat(setup.publisher().applied).containsExactlyInAnyOrderElementsOf(bulk.subList(1, 4));
        assertThat(cycle.calls()).as("the single-sync calls count").isEqualTo(3);
    }

    @Test
    void singleSyncChecksTakeAtMostHalfTheBudgetAndTheRestWaitForTheNextCycle() throws Exception {
        // Budget: 4 calls a cycle, half of it at most for single-sync checks. One list call leaves out all 4 syncs:
        // 2 are asked about now, 2 next cycle.
        Setup setup = setUp(
                Map.of(
                        "bridge.status.interval", "1s",
                        "bridge.status.max-calls-per-second", "4",
                        "bridge.status.batch-size", "50"),
                4);
        setup.source().leftOut.addAll(setup.bulk());

        StatusPoller.CycleStats first = cycle(setup);

        assertThat(first.calls()).isEqualTo(3);
        assertThat(setup.source().singleCalls).hasSize(2);
        assertThat(setup.publisher().applied).hasSize(2);
        assertThat(setup.publisher().ended).isEmpty();

        cycle(setup);
        assertThat(setup.source().singleCalls).containsExactlyInAnyOrderElementsOf(setup.bulk());
        assertThat(setup.publisher().applied).containsExactlyInAnyOrderElementsOf(setup.bulk());
    }
}
