package io.polybridge.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The organization's event log, as {@code GET /api/events} lists it and the webhook delivers it: one documented event
 * per lifecycle step that has one ({@code running}, and the endings {@code completed}, {@code failed},
 * {@code canceled}, bulk {@code errors} and model completed-with-errors; {@code interrupted}, the waiting and finishing
 * statuses have none in the docs). Each is emitted when its execution gets there: timers at the instants the lifecycle
 * computes, and at once for a cancel or a forced status. Kept for the documented 48 hours (shorter on request, for
 * tests that cannot wait that long).
 *
 * <p>Where the docs are silent, {@link Readings} decides: the list's order and the precision of {@code created_at}.
 * {@code starting_after} and {@code ending_before} are strict, as the definition says.
 */
public final class SimEvents implements SimSync.Lifecycle {

    /** How long the API keeps events (the events guide). */
    public static final Duration DOCUMENTED_RETENTION = Duration.ofHours(48);

    /** Schedules a task at an instant (the simulator's Vert.x timers). */
    interface Timers {
        void at(Instant when, Runnable task);
    }

    /** One event: what {@code GET /api/events} and a webhook delivery carry ({@code json}), and what it is about. */
    public record Event(
            String id, String type, Instant createdAt, String syncId, String executionId, long seq, ObjectNode json) {}

    private static final Duration FURTHEST_TIMER = Duration.ofDays(7);

    private final Clock clock;
    private final Readings readings;
    private final Timers timers;
    private final String organizationId;
    private final List<Event> events = new ArrayList<>();
    private final Set<String> emitted = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private volatile Duration retention = DOCUMENTED_RETENTION;
    /** Bumped by a reset: timers of executions from before it fire into nothing. */
    private volatile int generation;

    private long seq;

    SimEvents(Clock clock, Readings readings, Timers timers, String organizationId) {
        this.clock = clock;
        this.readings = readings;
        this.timers = timers;
        this.organizationId = organizationId;
    }

    @Override
    public void started(SimSync sync, SimExecution execution) {
        later(execution.runningAt(), sync, execution);
        later(execution.completesAt, sync, execution);
    }

    @Override
    public void changed(SimSync sync, SimExecution execution) {
        check(sync, execution);
        Instant canceled = execution.cancelCompletesAt();
        if (canceled != null) {
            later(canceled, sync, execution);
        }
    }

    private void later(Instant when, SimSync sync, SimExecution execution) {
        Instant now = clock.instant();
        if (!when.isAfter(now)) {
            check(sync, execution);
        } else if (Duration.between(now, when).compareTo(FURTHEST_TIMER) < 0) {
            int scheduledIn = generation;
            timers.at(when, () -> {
                if (generation == scheduledIn) {
                    check(sync, execution);
                }
            });
        }
    }

    /** Emits the event of the execution's status now, once per execution and type, if the status has one. */
    void check(SimSync sync, SimExecution execution) {
        if (execution.rawStatus() != null) {
            return;
        }
        Instant now = clock.instant();
        String type = typeOf(sync.kind(), execution.status(now), execution.ending.withErrors());
        if (type == null || !emitted.add(execution.id + "/" + type)) {
            return;
        }
        Instant at = now.truncatedTo(readings.eventTimePrecision());
        String id = UUID.randomUUID().toString();
        ObjectNode json = Payloads.JSON.createObjectNode();
        json.put("id", id);
        json.put("organization_id", organizationId);
        json.put("type", type);
        json.put("created_at", at.toString());
        json.set("event", Payloads.eventPayload(type, sync, execution, organizationId, now));
        Event event;
        synchronized (this) {
            event = new Event(id, type, at, sync.id(), execution.id, seq++, json);
            events.add(event);
        }
        listeners.forEach(l -> l.accept(event));
    }

    /** The documented event type of a status, or null when the docs name none for it. */
    static String typeOf(SimSync.Kind kind, String status, boolean withErrors) {
        boolean model = kind == SimSync.Kind.MODEL;
        switch (status) {
            case "running":
                return model ? "sync.running" : "bulk_sync.running";
            case "completed":
                if (model) {
                    return withErrors ? "sync.completed_with_errors" : "sync.completed";
                }
                return "bulk_sync.completed";
            case "errors":
                return model ? null : "bulk_sync.completed_with_error";
            case "failed":
                return model ? "sync.failed" : "bulk_sync.failed";
            case "canceled":
                return model ? "sync.canceled" : "bulk_sync.canceled";
            default:
                return null;
        }
    }

    /** {@code GET /api/events}. */
    SimResponse list(MultiMap query) {
        Instant after;
        Instant before;
        int limit = 10;
        try {
            after = instant(query.get("starting_after"));
            before = instant(query.get("ending_before"));
            if (query.get("limit") != null) {
                limit = Integer.parseInt(query.get("limit"));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return SimResponse.error(
                    422, "invalid_query", "starting_after and ending_before are date-times, limit an integer");
        }
        limit = limit <= 0 ? 10 : Math.min(100, limit);
        String type = query.get("type");
        Comparator<Event> order = Comparator.comparing(Event::createdAt).thenComparingLong(Event::seq);
        if (readings.eventOrder() == Readings.EventOrder.NEWEST_FIRST) {
            order = order.reversed();
        }
        ArrayNode data = Payloads.JSON.createArrayNode();
        kept().stream()
                .filter(e -> type == null || type.equals(e.type()))
                .filter(e -> after == null || e.createdAt().isAfter(after))
                .filter(e -> before == null || e.createdAt().isBefore(before))
                .sorted(order)
                .limit(limit)
                .forEach(e -> data.add(e.json()));
        return SimResponse.ok(data);
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    /** The events still kept: older ones are gone, as after the API's retention. */
    private synchronized List<Event> kept() {
        Instant oldest = clock.instant().minus(retention);
        events.removeIf(e -> e.createdAt().isBefore(oldest));
        return List.copyOf(events);
    }

    /** Every event still kept, oldest first. */
    public List<Event> all() {
        return kept();
    }

    /** Hears every event as it is emitted (the webhook deliveries). */
    void listen(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /**
     * Keeps events this long instead of the documented 48 hours: a test of a gap longer than the retention cannot wait
     * two days. {@link PolytomicSimulator#reset()} restores the documented retention.
     */
    public SimEvents retention(Duration keep) {
        this.retention = keep;
        return this;
    }

    synchronized void clear() {
        generation++;
        events.clear();
        emitted.clear();
        retention = DOCUMENTED_RETENTION;
    }
}
