package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Objects;
import java.util.Optional;

/**
 * An execution status exactly as the API sent it. Values the bridge does not know are kept as they are, never mapped
 * to a known one; callers decide on purpose what an unknown status means.
 */
@RegisterForReflection
public record ExecutionStatus(String value) {

    public ExecutionStatus {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static ExecutionStatus of(String value) {
        return new ExecutionStatus(value);
    }

    public static ExecutionStatus of(KnownStatus known) {
        return new ExecutionStatus(known.wireName());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    public Optional<KnownStatus> known() {
        return KnownStatus.fromWire(value);
    }

    /** True when the definition lists this value for the given scope. */
    public boolean isKnownFor(KnownStatus.Scope scope) {
        return known().map(k -> k.appliesTo(scope)).orElse(false);
    }

    public boolean is(KnownStatus known) {
        return known.wireName().equals(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
