package io.polybridge.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.polytomic.Ids;
import io.polybridge.polytomic.SyncKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a raw record (key and value bytes) into a {@link SyncCommand}, or says precisely why it is not one. Nothing in
 * a record reaches an API call before it passed here.
 */
@ApplicationScoped
public class CommandParser {

    /** Command IDs double as Idempotency-Keys, whose alphabet and length the API fixes (8–255; we keep room). */
    static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9_-]{8,128}");

    private final ObjectMapper strictJson;
    private final OptionsParser options = new OptionsParser();
    private final int maxBytes;
    private final Duration clockSkewTolerance;
    private final Clock clock = Clock.systemUTC();

    public CommandParser(BridgeConfig config) {
        this.clockSkewTolerance = config.commands().clockSkewTolerance();
        this.maxBytes =
                (int) Math.min(Integer.MAX_VALUE, config.commands().maxSize().asLongValue());
        this.strictJson = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @param key record key bytes, may be null
     * @param value record value bytes, null for a tombstone
     * @param recordTime the record's timestamp, used when the command has no requestedAt
     */
    public SyncCommand parse(byte[] key, byte[] value, Instant recordTime) {
        if (value == null) {
            throw new InvalidCommandException("tombstone", "record has no value");
        }
        if (value.length > maxBytes) {
            throw new InvalidCommandException("too-large", value.length + " bytes, limit " + maxBytes);
        }
        String syncId = syncIdFromKey(key);
        JsonNode body = parseJson(decode("value", value));
        String action = requiredText(body, "action");
        CommandAction commandAction = CommandAction.fromWire(action)
                .orElseThrow(() -> new InvalidCommandException("unknown-action", Ids.printable(action)));
        String type = requiredText(body, "syncType");
        SyncKind kind = SyncKind.fromWire(type)
                .orElseThrow(() -> new InvalidCommandException("unknown-sync-type", Ids.printable(type)));
        String bodySyncId = optionalText(body, "syncId");
        if (bodySyncId != null && !bodySyncId.toLowerCase(Locale.ROOT).equals(syncId)) {
            throw new InvalidCommandException(
                    "key-mismatch", "syncId " + Ids.printable(bodySyncId) + " differs from the record key");
        }
        String id = optionalText(body, "id");
        boolean derived = id == null;
        if (derived) {
            id = derivedId(key, value);
        } else if (!COMMAND_ID.matcher(id).matches()) {
            throw new InvalidCommandException(
                    "invalid-id", "id must match " + COMMAND_ID + ", got " + Ids.printable(id));
        }
        Instant requestedAt = requestedAt(body, recordTime);
        CommandOptions parsedOptions = options.parse(commandAction, kind, body.get("options"));
        return new SyncCommand(id, derived, commandAction, kind, syncId, requestedAt, parsedOptions, 0);
    }

    /** The record key as a sync ID, or the reason it is not one. Lower-cased: one sync, one lane. */
    static String syncIdFromKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw new InvalidCommandException("missing-key", "the record key must be the sync ID");
        }
        String text = decode("key", key);
        if (!Ids.isUuid(text)) {
            throw new InvalidCommandException("invalid-key", "record key is not a sync UUID: " + Ids.printable(text));
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** The record key as a sync ID (lower case), or null when it is not one. */
    static String syncIdOrNull(byte[] key) {
        try {
            return syncIdFromKey(key);
        } catch (InvalidCommandException notASyncId) {
            return null;
        }
    }

    private JsonNode parseJson(String text) {
        JsonNode node;
        try {
            node = strictJson.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidCommandException("invalid-json", e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidCommandException(
                    "not-an-object",
                    "value must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }

    private static String decode(String what, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidCommandException("invalid-encoding", what + " is not valid UTF-8");
        }
    }

    static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null) {
            throw new InvalidCommandException("missing-field", "'" + field + "' is required");
        }
        return value;
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidCommandException(
                    "wrong-type", "'" + field + "' must be a string, got " + node.getNodeType());
        }
        return node.asText();
    }

    /** A command's life (max age) starts here: one far in the future would never expire. */
    private Instant requestedAt(JsonNode body, Instant recordTime) {
        String text = optionalText(body, "requestedAt");
        if (text == null) {
            return recordTime;
        }
        Instant requestedAt;
        try {
            requestedAt = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidCommandException(
                    "invalid-requested-at", "not an ISO-8601 date-time with offset: " + Ids.printable(text));
        }
        if (requestedAt.isAfter(clock.instant().plus(clockSkewTolerance))) {
            throw new InvalidCommandException(
                    "future-requested-at",
                    "requestedAt " + requestedAt + " is more than " + format(clockSkewTolerance) + " in the future");
        }
        return requestedAt;
    }

    private static String format(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** The same record sent twice gets the same ID, so even ID-less commands are deduplicated. */
    static String derivedId(byte[] key, byte[] value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(key);
            sha.update((byte) 0);
            sha.update(value);
            return "d-" + HexFormat.of().formatHex(sha.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
