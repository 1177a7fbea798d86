package io.polybridge.polytomic;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every execution status the API definition names (2025-09-18), with where it may appear: model executions
 * ({@code UtilExecutionStatus}), bulk executions ({@code BulkExecutionStatus}) and bulk per-schema executions
 * ({@code BulkSchemaExecutionStatus}).
 */
public enum KnownStatus {
    CREATED(Scope.MODEL, Scope.BULK, Scope.BULK_SCHEMA),
    SCHEDULED(Scope.MODEL, Scope.BULK, Scope.BULK_SCHEMA),
    QUEUED(Scope.MODEL),
    WAITING(Scope.MODEL),
    RUNNING(Scope.MODEL, Scope.BULK, Scope.BULK_SCHEMA),
    PROCESSING(Scope.MODEL, Scope.BULK, Scope.BULK_SCHEMA),
    EXPORTING(Scope.BULK, Scope.BULK_SCHEMA),
    CANCELING(Scope.MODEL, Scope.BULK),
    CANCELED(Scope.MODEL, Scope.BULK, Scope.BULK_SCHEMA),
    COMPLETED(Scope.MODEL, Scope.BULK, Scope.BULK_SCHEMA),
    FAILED(Scope.MODEL, Scope.BULK, Scope.BULK_SCHEMA),
    ERRORS(Scope.BULK),
    INTERRUPTED(Scope.MODEL, Scope.BULK, Scope.BULK_SCHEMA);

    /** Where a status value appears. */
    public enum Scope {
        MODEL,
        BULK,
        BULK_SCHEMA
    }

    private final Set<Scope> scopes;
    private final String wire = name().toLowerCase(Locale.ROOT);

    KnownStatus(Scope first, Scope... rest) {
        this.scopes = EnumSet.of(first, rest);
    }

    public String wireName() {
        return wire;
    }

    public boolean appliesTo(Scope scope) {
        return scopes.contains(scope);
    }

    /** Exact, case-sensitive match on the wire value; anything else is unknown. */
    public static Optional<KnownStatus> fromWire(String value) {
        for (KnownStatus status : values()) {
            if (status.wireName().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
