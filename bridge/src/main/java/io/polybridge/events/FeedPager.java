package io.polybridge.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages through the events feed by time, whatever order the API lists a page in: the docs say it pages with
 * {@code starting_after} and {@code ending_before} (both strict) and at most 100 events a call, not whether a page holds
 * the oldest or the newest events of its window, nor how precise the times are. Pure, so every case is a unit test.
 *
 * <p>A read starts with one window: from {@code overlap} before the high water, open-ended. A page that is not full
 * holds all of its window. A full one holds a run of it: sorted oldest first, the rest is newer; newest first, the rest
 * is older; in no order, either. Each unread part becomes a window of its own, reaching one {@link #TICK} into the
 * page, since more events may share a boundary's time; the IDs seen there are skipped. A full page whose events all
 * share one time moves past that time strictly, and says so: more than a page of events at one instant cannot be paged
 * by time.
 */
final class FeedPager {

    /** How far the seen IDs kept reach around a window still to read. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    /** The finest time the API writes (microseconds): a window reaches this far into the page it follows. */
    static final Duration TICK = Duration.ofNanos(1000);

    /** One event, as the pager needs it. */
    record Item(String id, Instant at) {}

    /** What one page changed: the events not seen before, and whether events were skipped at a crowded instant. */
    record Outcome(List<Item> fresh, Instant crowded) {}

    private final Duration overlap;
    private final int limit;
    private final List<FeedCursor.Window> windows;
    private final Map<String, Instant> seen;
    private final Instant highWater;
    private Instant top;

    FeedPager(FeedCursor cursor, Duration overlap, int limit) {
        this.overlap = overlap;
        this.limit = limit;
        this.highWater = cursor.highWater();
        this.seen = new HashMap<>(cursor.seen());
        this.top = cursor.top() == null ? cursor.highWater() : cursor.top();
        this.windows = new ArrayList<>(cursor.pending());
        if (windows.isEmpty()) {
            windows.add(new FeedCursor.Window(cursor.highWater().minus(overlap), null));
        }
    }

    /** The next window to ask for; null when everything has been read. */
    FeedCursor.Window next() {
        return windows.isEmpty() ? null : windows.get(windows.size() - 1);
    }

    /** Takes the page the API answered for {@link #next()}, in the order it came. */
    Outcome page(List<Item> page) {
        FeedCursor.Window window = windows.remove(windows.size() - 1);
        List<Item> fresh = new ArrayList<>();
        for (Item item : page) {
            if (seen.putIfAbsent(item.id(), item.at()) == null) {
                fresh.add(item);
            }
            if (item.at().isAfter(top)) {
                top = item.at();
            }
        }
        if (page.size() < limit || page.isEmpty()) {
            return new Outcome(fresh, null);
        }
        Instant oldest =
                page.stream().map(Item::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant newest =
                page.stream().map(Item::at).max(Comparator.naturalOrder()).orElseThrow();
        if (oldest.equals(newest)) {
            // A full page of one instant: strict bounds cannot page inside it, so the read moves past it.
            push(window, new FeedCursor.Window(newest, window.before()));
            push(window, new FeedCursor.Window(window.after(), oldest));
            return new Outcome(fresh, newest);
        }
        boolean oldestFirst = sorted(page, Comparator.naturalOrder());
        boolean newestFirst = sorted(page, Comparator.reverseOrder());
        // Each unread part reaches one tick into the page, for the events sharing its boundary time; the seen IDs
        // among them are skipped. Each new window is strictly inside this one, so paging always ends.
        if (!newestFirst) {
            push(window, new FeedCursor.Window(newest.minus(TICK), window.before()));
        }
        if (!oldestFirst) {
            push(window, new FeedCursor.Window(window.after(), oldest.plus(TICK)));
        }
        return new Outcome(fresh, null);
    }

    private void push(FeedCursor.Window from, FeedCursor.Window window) {
        boolean open = window.before() == null || window.before().isAfter(window.after());
        if (open && !window.equals(from)) {
            windows.add(window);
        }
    }

    private static boolean sorted(List<Item> page, Comparator<Instant> order) {
        for (int i = 1; i < page.size(); i++) {
            if (order.compare(page.get(i - 1).at(), page.get(i).at()) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Everything read: no window left. */
    boolean caughtUp() {
        return windows.isEmpty();
    }

    /**
     * Where the next read starts: caught up, from the newest event seen (its overlap kept); else from the windows left,
     * keeping only the IDs a later page can show again.
     */
    FeedCursor cursor(Instant readAt) {
        if (caughtUp()) {
            Instant water = top.isAfter(highWater) ? top : highWater;
            Instant keepAfter = water.minus(overlap).minus(MARGIN);
            Map<String, Instant> kept = new HashMap<>();
            seen.forEach((id, at) -> {
                if (at.isAfter(keepAfter)) {
                    kept.put(id, at);
                }
            });
            return new FeedCursor(water, kept, List.of(), null, readAt);
        }
        Map<String, Instant> kept = new HashMap<>();
        seen.forEach((id, at) -> {
            if (windows.stream().anyMatch(w -> near(w, at))) {
                kept.put(id, at);
            }
        });
        return new FeedCursor(highWater, kept, List.copyOf(windows), top, readAt);
    }

    /** Whether a window (widened by the margin) covers the time: an event there may come again. */
    private static boolean near(FeedCursor.Window w, Instant at) {
        return at.isAfter(w.after().minus(MARGIN))
                && (w.before() == null || at.isBefore(w.before().plus(MARGIN)));
    }
}
