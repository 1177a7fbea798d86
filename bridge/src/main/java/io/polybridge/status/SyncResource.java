package io.polybridge.status;

import io.polybridge.command.ReconcileRequests;
import io.polybridge.polytomic.Ids;
import io.polybridge.polytomic.SyncKind;
import io.polybridge.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The tracked syncs with their last known execution and status, and a way to have one polled now. Every instance
 * answers for every sync, whichever owns it ({@link TrackingView}); a reconcile travels to the owner as a command.
 */
@Path("/syncs")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    private final TrackingView view;
    private final ReconcileRequests reconciles;

    SyncResource(TrackingView view, ReconcileRequests reconciles) {
        this.view = view;
        this.reconciles = reconciles;
    }

    @GET
    @Blocking
    @RolesAllowed({Roles.OPERATOR, Roles.READER})
    @Operation(summary = "Every tracked sync, whichever instance tracks it")
    public List<TrackedSync> list() {
        return readState(view::all);
    }

    @GET
    @Path("{id}")
    @Blocking
    @RolesAllowed({Roles.OPERATOR, Roles.READER})
    @Operation(summary = "One tracked sync")
    public TrackedSync get(@PathParam("id") String id) {
        String syncId = validId(id);
        return readState(() -> view.find(syncId)).orElseThrow(() -> new NotFoundException("sync is not tracked"));
    }

    @POST
    @Path("{id}/reconcile")
    @Blocking
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Have the sync polled now by the instance that owns it; syncType starts tracking a sync not "
                    + "tracked yet")
    @APIResponse(responseCode = "202", description = "Sent to the sync's owner as a reconcile command")
    @APIResponse(responseCode = "404", description = "Not tracked, and no syncType given to start tracking it")
    public Uni<Response> reconcile(@PathParam("id") String id, @QueryParam("syncType") String syncType) {
        String syncId = validId(id);
        SyncKind kind = syncType != null
                ? SyncKind.fromWire(syncType.toLowerCase(Locale.ROOT))
                        .orElseThrow(() -> new WebApplicationException("syncType must be model or bulk", 400))
                : readState(() -> view.find(syncId))
                        .map(TrackedSync::kind)
                        .orElseThrow(
                                () -> new NotFoundException("sync is not tracked; pass syncType to start tracking it"));
        return reconciles.request(syncId, kind).map(accepted -> Response.accepted(accepted)
                .build());
    }

    /** Reads tracking state; Kafka not answering is the bridge's trouble, not the caller's. */
    private static <T> T readState(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (KafkaException e) {
            throw new WebApplicationException("tracking state unavailable: " + e.getMessage(), 503);
        }
    }

    private static String validId(String id) {
        if (!Ids.isUuid(id)) {
            throw new WebApplicationException("sync ID must be a UUID", 400);
        }
        return id.toLowerCase(Locale.ROOT);
    }
}
