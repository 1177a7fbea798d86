package io.polybridge.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.Channels;
import io.polybridge.security.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Commands over HTTP, for services without a Kafka client: validated exactly as the consumer validates them, then put
 * on the commands topic keyed by sync ID. The body is the command message; {@code syncId} is required here because
 * there is no record key to carry it.
 */
@Path("/commands")
@RolesAllowed(Roles.OPERATOR)
public class CommandResource {

    private final CommandParser parser;
    private final MutinyEmitter<byte[]> commands;
    private final ObjectMapper json;
    private final String topic;

    CommandResource(
            CommandParser parser,
            @Channel(Channels.COMMANDS_SUBMIT) MutinyEmitter<byte[]> commands,
            ObjectMapper json,
            BridgeConfig config) {
        this.parser = parser;
        this.commands = commands;
        this.json = json;
        this.topic = config.topics().commands();
    }

    /** The answer to an accepted command. */
    @RegisterForReflection
    public record Accepted(String commandId, String syncId, String topic) {}

    /** The answer to a rejected one: the same reason code the dead-letter topic would carry. */
    @RegisterForReflection
    public record Rejected(String error, String message) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate a command and put it on the commands topic")
    @APIResponse(responseCode = "202", description = "Accepted; its result will appear on the results topic")
    @APIResponse(responseCode = "400", description = "Not a valid command; nothing was published")
    public Uni<Response> submit(byte[] body) {
        SyncCommand command;
        try {
            String syncId = syncIdOf(body);
            command = parser.parse(syncId.getBytes(StandardCharsets.UTF_8), body, Instant.now());
        } catch (InvalidCommandException invalid) {
            return Uni.createFrom().item(badRequest(invalid.code(), invalid.getMessage()));
        }
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(command.syncId().getBytes(StandardCharsets.UTF_8))
                .build();
        return commands.sendMessage(Message.of(body).addMetadata(metadata))
                .replaceWith(Response.accepted(new Accepted(command.id(), command.syncId(), topic))
                        .build());
    }

    /** The sync ID from the body, which here stands in for the record key. */
    private String syncIdOf(byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (java.io.IOException e) {
            throw new InvalidCommandException("invalid-json", "body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidCommandException("not-an-object", "body must be a JSON object");
        }
        JsonNode syncId = node.get("syncId");
        if (syncId == null || !syncId.isTextual()) {
            throw new InvalidCommandException("missing-field", "'syncId' is required over HTTP");
        }
        return syncId.asText();
    }

    private static Response badRequest(String code, String message) {
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON)
                .entity(new Rejected(code, message))
                .build();
    }
}
