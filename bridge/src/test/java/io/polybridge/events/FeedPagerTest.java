package io.polybridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pager against an API that pages as the docs say (strict {@code starting_after} / {@code ending_before}, at most
 * {@code limit} a call), in either order the docs leave open: every event is handed on exactly once, however many
 * share a timestamp (up to a page), across reads that stop after a few pages, and across a cursor stored in between.
 */
class FeedPagerTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final int LIMIT = 5;

    /** The API's list: events kept, answered in one order. */
    record Api(List<FeedPager.Item> events, boolean newestFirst) {
        List<FeedPager.Item> page(FeedCursor.Window w) {
            Comparator<FeedPager.Item> order = Comparator.comparing(FeedPager.Item::at);
            return events.stream()
                    .filter(e -> e.at().isAfter(w.after()))
                    .filter(e -> w.before() == null || e.at().isBefore(w.before()))
                    .sorted(newestFirst ? order.reversed() : order)
                    .limit(LIMIT)
                    .toList();
        }
    }

    /** Reads until caught up, at most {@code pagesPerRead} pages a read, the cursor stored between reads. */
    static Map<String, Integer> readAll(Api api, FeedCursor start, int pagesPerRead) {
        Map<String, Integer> handed = new HashMap<>();
        FeedCursor cursor = start;
        for (int read = 0; read < 100; read++) {
            FeedPager pager = new FeedPager(cursor, Duration.ofSeconds(10), LIMIT);
            for (int p = 0; p < pagesPerRead && pager.next() != null; p++) {
                pager.page(api.page(pager.next())).fresh().forEach(i -> handed.merge(i.id(), 1, Integer::sum));
            }
            cursor = pager.cursor(T0.plusSeconds(3600));
            if (pager.caughtUp()) {
                return handed;
            }
        }
        throw new AssertionError("never caught up");
    }

    static List<FeedPager.Item> events(int count, Duration apart, int sharing) {
        List<FeedPager.Item> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new FeedPager.Item("e" + i, T0.plus(apart.multipliedBy(i / sharing))));
        }
        return all;
    }

    @Test
    void eventsSharingATimestampAcrossPageBoundariesAreHandedOnceInEitherOrder() {
        // 23 events, four at each instant: every page boundary falls inside a shared timestamp.
        List<FeedPager.Item> events = events(23, Duration.ofMillis(1), 4);
        for (boolean newestFirst : List.of(true, false)) {
            Map<String, Integer> handed =
                    readAll(new Api(events, newestFirst), FeedCursor.startingAt(T0.minusSeconds(1)), 2);
            assertThat(handed).as("newest first: " + newestFirst).hasSize(23);
            assertThat(handed.values()).as("newest first: " + newestFirst).containsOnly(1);
        }
    }

    @Test
    void aReadAfterTheLastOneHandsOnOnlyWhatIsNew() {
        List<FeedPager.Item> first = new ArrayList<>(events(7, Duration.ofMillis(1), 3));
        Api api = new Api(first, true);
        FeedPager pager = new FeedPager(FeedCursor.startingAt(T0.minusSeconds(1)), Duration.ofSeconds(10), LIMIT);
        while (pager.next() != null) {
            pager.page(api.page(pager.next()));
        }
        FeedCursor stored = pager.cursor(T0.plusSeconds(1));
        // Two more at the last instant (listed late), one later: only those three are new.
        Instant last = first.get(first.size() - 1).at();
        first.add(new FeedPager.Item("late-1", last));
        first.add(new FeedPager.Item("late-2", last));
        first.add(new FeedPager.Item("later", last.plusSeconds(2)));
        Map<String, Integer> handed = readAll(new Api(first, true), stored, 2);
        assertThat(handed).containsOnlyKeys("late-1", "late-2", "later");
    }
}
