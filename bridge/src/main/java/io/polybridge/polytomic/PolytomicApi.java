package io.polybridge.polytomic;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Polytomic endpoints the bridge uses. Bodies come back as text so that {@link ResponseMapper} can read error
 * shapes leniently; the default exception mapper is off for this client (see application.properties).
 */
@Path("/api")
@RegisterRestClient(configKey = "polytomic")
@RegisterClientHeaders(PolytomicHeaders.class)
@Produces(MediaType.APPLICATION_JSON)
interface PolytomicApi {

    String IDEMPOTENCY_KEY = "Idempotency-Key";

    @GET
    @Path("/syncs/{id}")
    Uni<RestResponse<String>> modelSync(@PathParam("id") String id);

    @POST
    @Path("/syncs/{id}/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> activateModelSync(
            @PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key, ActivateRequest body);

    @POST
    @Path("/syncs/{id}/cancel")
    Uni<RestResponse<String>> cancelModelSync(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key);

    @POST
    @Path("/syncs/{id}/executions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> startModelSync(
            @PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key, ModelStartRequest body);

    @GET
    @Path("/syncs/{id}/status")
    Uni<RestResponse<String>> modelSyncStatus(@PathParam("id") String id);

    @GET
    @Path("/syncs/{id}/executions")
    Uni<RestResponse<String>> modelExecutions(@PathParam("id") String id);

    @GET
    @Path("/syncs/{syncId}/executions/{executionId}")
    Uni<RestResponse<String>> modelExecution(
            @PathParam("syncId") String syncId, @PathParam("executionId") String executionId);

    @POST
    @Path("/syncs/{syncId}/executions/{executionId}/cancel")
    Uni<RestResponse<String>> cancelModelExecution(
            @PathParam("syncId") String syncId,
            @PathParam("executionId") String executionId,
            @HeaderParam(IDEMPOTENCY_KEY) String key);

    @GET
    @Path("/bulk/syncs/{id}")
    Uni<RestResponse<String>> bulkSync(@PathParam("id") String id);

    @POST
    @Path("/bulk/syncs/{id}/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> activateBulkSync(
            @PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key, ActivateRequest body);

    @POST
    @Path("/bulk/syncs/{id}/cancel")
    Uni<RestResponse<String>> cancelBulkSync(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key);

    @POST
    @Path("/bulk/syncs/{id}/executions/{executionId}/cancel")
    Uni<RestResponse<String>> cancelBulkExecution(
            @PathParam("id") String id,
            @PathParam("executionId") String executionId,
            @HeaderParam(IDEMPOTENCY_KEY) String key);

    @POST
    @Path("/bulk/syncs/{id}/executions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> startBulkSync(
            @PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key, BulkStartRequest body);

    @GET
    @Path("/bulk/syncs/{id}/executions")
    Uni<RestResponse<String>> bulkExecutions(@PathParam("id") String id);

    @GET
    @Path("/bulk/syncs/{id}/status")
    Uni<RestResponse<String>> bulkSyncStatus(@PathParam("id") String id);

    @GET
    @Path("/bulk/syncs/status")
    Uni<RestResponse<String>> bulkSyncStatuses(
            @QueryParam("sync_id") List<String> syncIds,
            @QueryParam("all") Boolean all,
            @QueryParam("active") Boolean active);

    @GET
    @Path("/bulk/syncs/{id}/executions/{executionId}")
    Uni<RestResponse<String>> bulkExecution(@PathParam("id") String id, @PathParam("executionId") String executionId);

    /** The organization's events, strictly between the two times, at most {@code limit}. */
    @GET
    @Path("/events")
    Uni<RestResponse<String>> events(
            @QueryParam("starting_after") String startingAfter,
            @QueryParam("ending_before") String endingBefore,
            @QueryParam("limit") Integer limit);

    @GET
    @Path("/webhooks")
    Uni<RestResponse<String>> webhooks();

    @POST
    @Path("/webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> createWebhook(@HeaderParam(IDEMPOTENCY_KEY) String key, WebhookRequest body);

    @PUT
    @Path("/webhooks/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> updateWebhook(@PathParam("id") String id, WebhookRequest body);

    @POST
    @Path("/webhooks/{id}/enable")
    Uni<RestResponse<String>> enableWebhook(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key);

    /** Who the credential is; 401 when the API does not accept it. */
    @GET
    @Path("/me")
    Uni<RestResponse<String>> me();
}
