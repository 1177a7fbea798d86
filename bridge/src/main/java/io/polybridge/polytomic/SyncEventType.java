package io.polybridge.polytomic;

import java.util.Arrays;
import java.util.Optional;

/**
 * The documented event types of syncs (the events guide; the same list in every API version), with the kind of sync
 * each is about and whether it tells of an execution's end. Other event types of the organization are not about syncs'
 * executions and are passed over.
 */
public enum SyncEventType {
    SYNC_RUNNING("sync.running", SyncKind.MODEL, false),
    SYNC_COMPLETED("sync.completed", SyncKind.MODEL, true),
    SYNC_COMPLETED_WITH_ERRORS("sync.completed_with_errors", SyncKind.MODEL, true),
    SYNC_FAILED("sync.failed", SyncKind.MODEL, true),
    SYNC_CANCELED("sync.canceled", SyncKind.MODEL, true),
    BULK_SYNC_RUNNING("bulk_sync.running", SyncKind.BULK, false),
    BULK_SYNC_COMPLETED("bulk_sync.completed", SyncKind.BULK, true),
    // Singular "error" for bulk syncs, plural for model syncs, as the docs spell them.
    BULK_SYNC_COMPLETED_WITH_ERROR("bulk_sync.completed_with_error", SyncKind.BULK, true),
    BULK_SYNC_FAILED("bulk_sync.failed", SyncKind.BULK, true),
    BULK_SYNC_CANCELED("bulk_sync.canceled", SyncKind.BULK, true);

    private final String wireName;
    private final SyncKind kind;
    private final boolean ending;

    SyncEventType(String wireName, SyncKind kind, boolean ending) {
        this.wireName = wireName;
        this.kind = kind;
        this.ending = ending;
    }

    public String wireName() {
        return wireName;
    }

    public SyncKind kind() {
        return kind;
    }

    /** Tells of an execution's end. */
    public boolean ending() {
        return ending;
    }

    public static Optional<SyncEventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
