package io.polybridge.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.polybridge.polytomic.SyncKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One observed change of an execution's status (type {@code status-changed}), a warning that a cancel has not taken
 * effect in time ({@code cancel-timeout}), an execution not terminal by its deadline ({@code timed-out}: the bridge
 * cancels it), or the news that tracking of a sync ended without a terminal status ({@code tracking-ended}, with a
 * {@code reason}). Published keyed by sync ID with CloudEvents headers.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvent(
        String type,
        String syncId,
        SyncKind syncType,
        String executionId,
        String previousStatus,
        String status,
        boolean terminal,
        boolean knownStatus,
        Instant observedAt,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        Long recordCount,
        Long errorCount,
        Long warningCount,
        String statusMessage,
        List<SchemaStatus> schemas,
        String reason) {

    public static final String STATUS_CHANGED = "status-changed";
    public static final String CANCEL_TIMEOUT = "cancel-timeout";
    public static final String TRACKING_ENDED = "tracking-ended";
    /** A {@code start}'s execution was not terminal by its {@code timeout}: the bridge cancels it. */
    public static final String TIMED_OUT = "timed-out";

    /** Why tracking ended: the API answered 404 for the sync's own status call. */
    public static final String REASON_SYNC_NOT_FOUND = "sync-not-found";

    /** Same sync, execution, status and type: same ID, so a re-published event is recognisably the same one. */
    public String eventId() {
        String name = type + "/" + syncId + "/" + executionId + "/" + status;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
