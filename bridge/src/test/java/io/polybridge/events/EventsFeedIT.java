package io.polybridge.events;

import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.LogCapture;
import io.polybridge.support.PrometheusText;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The organization's events as the change feed: runs nobody started through Kafka are published from it, its cursor
 * comes back from Kafka after an outage, events sharing a timestamp are hinted once, and a gap longer than the API's
 * retention falls back to a full poll and says so.
 */
@QuarkusTest
@TestProfile(FeedProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class EventsFeedIT extends SimulatedApiTest {

    static final String STATUS = "polytomic.sync.status";
    static final String STATE = "polytomic.sync.status-state";

    @Inject
    EventsFeed feed;

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void cleanUp() {
        feed.resume();
        kafka.close();
    }

    static List<ConsumerRecord<byte[], byte[]>> of(List<ConsumerRecord<byte[], byte[]>> records, String syncId) {
        return records.stream().filter(r -> syncId.equals(text(r.key()))).toList();
    }

    static long terminal(List<ConsumerRecord<byte[], byte[]>> records, String syncId) {
        return KafkaTestClient.json(of(records, syncId)).stream()
                .filter(e -> e.path("terminal").asBoolean())
                .count();
    }

    double metric(String name) {
        return PrometheusText.sum(management().get("/q/metrics").asString(), name);
    }

    @Test
    void aRunNobodyStartedIsPublishedFromTheFeed() {
        // A bridge reads the feed from its first read on (polling covers what was tracked before): wait for it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> feedReadOnce());
        Map<TopicPartition, Long> from = kafka.endOffsets(STATUS);
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMillis(500));
        String execution = sync.startExecution();

        List<ConsumerRecord<byte[], byte[]>> seen =
                kafka.readUntil(from, Duration.ofSeconds(30), all -> terminal(all, sync.id()) >= 1);

        List<JsonNode> events = KafkaTestClient.json(of(seen, sync.id()));
        assertThat(events).last().satisfies(e -> {
            assertThat(e.path("status").asText()).isEqualTo("completed");
            assertThat(e.path("executionId").asText()).isEqualTo(execution);
        });
        assertThat(of(seen, sync.id())).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
        assertThat(simulator.journal().entries()).as("the feed was read").anyMatch(e -> e.path()
                .equals("/api/events"));
    }

    @Test
    void anOutageLongerThanOneReadButWithinRetentionLosesAndDoublesNothing() {
        // Events sharing a timestamp across page boundaries: FeedPagerTest, in both orders the docs leave open.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feedReadOnce());
        feed.suspend();
        double before = metric("bridge_events_feed_events_total");
        Map<TopicPartition, Long> from = kafka.endOffsets(STATUS);
        // Every run ended while the bridge was away: 24 events, more than one read's pages hold.
        List<SimSync> syncs = runsEnded(12, Duration.ofMillis(200));
        int emitted = (int) simulator.events().all().stream()
                .filter(e -> syncs.stream().anyMatch(s -> s.id().equals(e.syncId())))
                .count();
        assertThat(emitted).isGreaterThan(FeedProfile.PAGE_SIZE * FeedProfile.PAGES_PER_READ);

        feed.resume();
        List<ConsumerRecord<byte[], byte[]>> seen = kafka.readUntil(
                from, Duration.ofSeconds(45), all -> syncs.stream().allMatch(s -> terminal(all, s.id()) >= 1));
        // The feed reads the backlog on, a few pages a read, after the syncs' statuses were published.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> metric("bridge_events_feed_events_total") - before >= emitted);
        List<ConsumerRecord<byte[], byte[]>> after = kafka.readFor(STATUS, Duration.ofSeconds(3));
        double read = metric("bridge_events_feed_events_total") - before;
        System.out.printf(
                "Feed outage within retention: %d events emitted while away, %d read after, %d syncs with a terminal"
                        + " event, %d terminal events%n",
                emitted,
                (long) read,
                syncs.stream().filter(s -> terminal(after, s.id()) >= 1).count(),
                syncs.stream().mapToLong(s -> terminal(after, s.id())).sum());
        assertThat(syncs).allSatisfy(s -> assertThat(terminal(after, s.id())).isEqualTo(1));
        assertThat(read).as("events read from the feed, each once").isEqualTo(emitted);
    }

    @Test
    void aSuspendedFeedHasNoReadInFlightOnceSuspendReturns() {
        // Tests stand for "the bridge is down" with suspend(): a read still going on after it returns would call the
        // API, or store a cursor over one the test wrote, behind the test's back.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feedReadOnce());
        feed.suspend();
        runsEnded(6, Duration.ofMillis(100));
        // A backlog of more than a page, each page slow: the read's second page is on its way when its first is read.
        simulator.faults().onlyPath("/api/events").latency(Duration.ofMillis(800));
        Instant resumed = Instant.now();
        feed.resume();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> simulator.journal().entries().stream()
                        .anyMatch(e ->
                                e.path().equals("/api/events") && e.receivedAt().isAfter(resumed)));

        feed.suspend();
        Instant suspended = Instant.now();
        Awaitility.await().pollDelay(Duration.ofMillis(1500)).until(() -> true);

        assertThat(simulator.journal().entries())
                .filteredOn(e -> e.path().equals("/api/events"))
                .as("feed calls answered after suspend() returned")
                .noneMatch(e -> e.answeredAt().isAfter(suspended));
    }

    @Test
    void aGapLongerThanRetentionPollsEverythingAndSaysSo() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feedReadOnce());
        SimSync tracked = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(10));
        tracked.startExecution();
        // Followed from its running event, then polled only at the (hour-long) backstop interval.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> polled(tracked) > 0);
        feed.suspend();
        long pollsBefore = polled(tracked);
        double gaps = metric("bridge_events_feed_gaps_total");
        // The stored cursor says the feed was last read 49 hours ago, as after an outage that long.
        Instant away = Instant.now().minus(Duration.ofHours(49));
        kafka.send(
                STATE,
                FeedCursorStore.PARTITION,
                FeedCursor.KEY,
                "{\"highWater\":\"" + away + "\",\"seen\":{},\"pending\":[],\"readAt\":\"" + away + "\"}");
        try (LogCapture log = LogCapture.of("io.polybridge")) {
            feed.resume();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> metric("bridge_events_feed_gaps_total") > gaps);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> polled(tracked) > pollsBefore);
            System.out.printf(
                    "Feed gap past retention: %d gap(s) counted, sync polled %d time(s) before and %d after%n",
                    (long) (metric("bridge_events_feed_gaps_total") - gaps), pollsBefore, polled(tracked));
            assertThat(log.lines()).anyMatch(l -> l.message().contains("Events feed gap"));
        }
    }

    @Test
    void pollingIsTheBackstopWhileTheFeedIsHealthyAndTakesOverWhenItIsNot() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feedReadOnce());
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(10));
        sync.startExecution();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> polled(sync) > 0);
        // The feed healthy: a running sync waits for the (hour-long) backstop interval, not the 1 s poll interval.
        long settled = polled(sync);
        Awaitility.await()
                .during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(6))
                .until(() -> polled(sync) <= settled + 1);
        long during = polled(sync) - settled;
        feed.suspend();
        // Three feed intervals without a heartbeat: polling goes back to every cycle.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> polled(sync) >= settled + during + 3);
        System.out.printf(
                "Backstop: %d polls of a running sync in 4 s while the feed was healthy, %d polls once it was not%n",
                during, polled(sync) - settled - during);
        assertThat(during).isLessThanOrEqualTo(1);
    }

    /** Runs of as many new syncs, each started and waited for until it ended: two events each. */
    private List<SimSync> runsEnded(int count, Duration each) {
        List<SimSync> syncs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(each);
            sync.startExecution();
            syncs.add(sync);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> syncs.stream()
                .allMatch(s -> s.lastExecution().orElseThrow().terminal()));
        return syncs;
    }

    private boolean feedReadOnce() {
        return simulator.journal().entries().stream().anyMatch(e -> e.path().equals("/api/events"));
    }

    private long polled(SimSync sync) {
        return simulator.journal().entries().stream()
                .filter(e -> e.method().equals("GET") && e.path().contains(sync.id()))
                .count();
    }
}
