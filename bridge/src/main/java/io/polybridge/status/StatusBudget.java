package io.polybridge.status;

import io.polybridge.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The status path's API calls per cycle, {@code bridge.status.max-calls-per-second} times the poll interval, shared by
 * its three sources: the events feed and the reads that webhook and feed hints ask for take theirs as they come, and
 * the next poll cycle gets what they left. So the three together never average more than the budget over a cycle, and
 * a burst of hints can delay polls but never exceed it: a hint that finds the budget spent leaves its sync to the next
 * cycle.
 */
@ApplicationScoped
public class StatusBudget {

    private final int perCycle;
    private final AtomicInteger outsideCycles = new AtomicInteger();

    StatusBudget(BridgeConfig config) {
        this.perCycle = (int) Math.max(
                1,
                config.status().maxCallsPerSecond()
                        * Math.max(1, config.status().interval().toSeconds()));
    }

    /** Calls one cycle may make at most. */
    public int perCycle() {
        return perCycle;
    }

    /** A cycle begins: the calls it may make, what hints and the feed left of the budget since the last one. */
    int startCycle() {
        return Math.max(0, perCycle - outsideCycles.getAndSet(0));
    }

    /** One call outside the poll cycle (a hint's read, a feed page), if the budget still has it. */
    public boolean take() {
        if (outsideCycles.incrementAndGet() <= perCycle) {
            return true;
        }
        outsideCycles.decrementAndGet();
        return false;
    }
}
