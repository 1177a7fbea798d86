package io.polybridge.contract;

import io.polybridge.simulator.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Validates every exchange the simulator serves and keeps the violations, for tests to assert on. */
public final class ContractRecorder implements Consumer<Exchange> {

    private final ContractValidator validator = new ContractValidator();
    private final List<String> violations = new ArrayList<>();
    private final AtomicInteger checked = new AtomicInteger();

    @Override
    public void accept(Exchange exchange) {
        List<String> found = validator.validate(exchange);
        checked.incrementAndGet();
        if (!found.isEmpty()) {
            synchronized (violations) {
                violations.addAll(found);
            }
        }
    }

    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    public int checked() {
        return checked.get();
    }

    public void clear() {
        synchronized (violations) {
            violations.clear();
        }
        checked.set(0);
    }

    /** Fails with every violation listed. */
    public void assertClean() {
        List<String> now = violations();
        if (!now.isEmpty()) {
            throw new AssertionError(
                    now.size() + " exchanges broke the Polytomic contract:\n" + String.join("\n", now));
        }
    }
}
