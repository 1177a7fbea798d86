package io.polybridge.status;

import io.polybridge.polytomic.Ids;
import io.polybridge.polytomic.SyncKind;
import io.polybridge.security.Roles;
import io.smallrye.common.annotation.Blocking;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The syncs this instance tracks, with their last known execution and status, and a way to poll one now. */
@Path("/syncs")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    private final TrackingRegistry registry;
    private final StatusPoller poller;

    SyncResource(TrackingRegistry registry, StatusPoller poller) {
        this.registry = registry;
        this.poller = poller;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.READER})
    @Operation(summary = "Syncs tracked by this instance")
    public List<TrackedSync> list() {
        return registry.all().stream()
                .sorted(Comparator.comparing(TrackedSync::syncId))
                .toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.READER})
    @Operation(summary = "One tracked sync")
    public TrackedSync get(@PathParam("id") String id) {
        return registry.find(validId(id)).orElseThrow(() -> new NotFoundException("sync is not tracked here"));
    }

    @POST
    @Path("{id}/reconcile")
    @Blocking
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Poll this sync now; syncType starts tracking a sync not tracked yet")
    public TrackedSync reconcile(@PathParam("id") String id, @QueryParam("syncType") String syncType) {
        String syncId = validId(id);
        Optional<SyncKind> kind = Optional.ofNullable(syncType).map(t -> SyncKind.fromWire(t.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new WebApplicationException("syncType must be model or bulk", 400)));
        Optional<TrackingRegistry.ReconcileRefusal> refusal = registry.pollNow(syncId, kind);
        if (refusal.isPresent()) {
            switch (refusal.get()) {
                case NOT_OWNED:
                    throw new WebApplicationException("another instance owns this sync's partition", 409);
                case NO_ASSIGNMENT:
                    throw new WebApplicationException("no partitions assigned yet", 503);
                default:
                    throw new NotFoundException("sync is not tracked here; pass syncType to start tracking it");
            }
        }
        poller.cycle();
        return registry.find(syncId).orElseThrow(() -> new NotFoundException("tracking ended"));
    }

    private static String validId(String id) {
        if (!Ids.isUuid(id)) {
            throw new WebApplicationException("sync ID must be a UUID", 400);
        }
        return id.toLowerCase(Locale.ROOT);
    }
}
