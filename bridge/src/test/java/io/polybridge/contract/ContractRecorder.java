package io.polybridge.contract;

import io.polybridge.simulator.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A simulator observer: validates every exchange against the contract and keeps the violations for the test to assert
 * on. Safe to call from the simulator's threads while the test reads.
 */
public final class ContractRecorder implements Consumer<Exchange> {

    private final ContractValidator validator;
    private final List<String> violations = new ArrayList<>();
    private int checked;

    public ContractRecorder() {
        this(new ContractValidator());
    }

    public ContractRecorder(ContractValidator validator) {
        this.validator = validator;
    }

    @Override
    public void accept(Exchange exchange) {
        List<String> found = validator.validate(exchange); // outside the lock: validation is the slow part
        synchronized (this) {
            checked++;
            violations.addAll(found);
        }
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Exchanges validated since the last {@link #clear()}. */
    public synchronized int checked() {
        return checked;
    }

    public synchronized void clear() {
        violations.clear();
        checked = 0;
    }

    /** Throws an AssertionError listing every violation, if there is any. */
    public synchronized void assertClean() {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " violation(s) of the Polytomic contract in " + checked
                    + " exchange(s):\n  " + String.join("\n  ", violations));
        }
    }
}
