package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Objects;
import java.util.Optional;

/**
 * An execution status exactly as the API sent it. Values the bridge does not know are kept as they are, never mapped
 * to a known one; callers decide on purpose what an unknown status means. A status field that is not a string (a
 * number, an object) is kept as its JSON text, an unknown status like any other; a null or missing one reads as no
 * status (a null field). Neither makes the whole answer unreadable.
 */
@RegisterForReflection
public record ExecutionStatus(String value) {

    public ExecutionStatus {
        Objects.requireNonNull(value, "value");
    }

    public static ExecutionStatus of(String value) {
        return new ExecutionStatus(value);
    }

    /** Any JSON value: a string as it is, anything else as its JSON text (JSON null never reaches here). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ExecutionStatus fromJson(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        return new ExecutionStatus(json.isTextual() ? json.textValue() : json.toString());
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
