package io.polybridge.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one table of command records and what the bridge makes of them: accepted, or dead-lettered with a reason code.
 * The parser's tests, the R5 fault test and the check that the published command schema agrees with the parser all
 * read it, so a case added here is checked everywhere. Where the schema cannot see what the parser decides on (the
 * record key, the record's size, …), the case says so with {@link SchemaBlind}.
 */
public final class CommandCases {

    public static final String SYNC = "248df4b7-aa70-47b8-a036-33ac447e668d";
    static final String EXECUTION = "7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c";
    static final String OK = "{\"action\":\"activate\",\"syncType\":\"model\"}";

    /** What the command schema cannot judge, since it describes the record's value as a JSON document only. */
    public enum SchemaBlind {
        /** The record key is the sync ID; the schema describes the value only. */
        RECORD_KEY,
        /** A tombstone has no value to validate. */
        NO_VALUE,
        /** {@code bridge.commands.max-size} bounds the record's bytes: a setting, not a property of the document. */
        RECORD_SIZE,
        /**
         * The bridge refuses a duplicate member name while parsing; JSON Schema validates the parsed document, in which
         * one of the two has already won (RFC 8259 leaves duplicates to the parser).
         */
        DUPLICATE_NAMES,
        /**
         * A {@code requestedAt} further ahead than {@code bridge.commands.clock-skew-tolerance}: the bridge compares it
         * with its clock at arrival; a schema has no clock.
         */
        CLOCK
    }

    /**
     * One record: its key and value bytes (null for none), the reason code it is dead-lettered with (null when it is
     * accepted), and what the schema cannot see of it (null when schema and parser must agree).
     */
    public record Case(String name, byte[] key, byte[] value, String reason, SchemaBlind blind) {

        public boolean accepted() {
            return reason == null;
        }

        Case blind(SchemaBlind why) {
            return new Case(name, key, value, reason, why);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final String FULL_BULK_START =
            """
            {"id":"cmd-0001-abc","action":"start","syncType":"bulk","syncId":"%s",
             "requestedAt":"2026-11-25T09:59:00+01:00","unknownField":42,
             "options":{"resync_mode":"refetch","schemas":["contact"],"fetch_mode":"full"}}
            """
                    .formatted(SYNC.toUpperCase());
    static final String DEACTIVATE_CANCELING =
            "{\"action\":\"deactivate\",\"syncType\":\"model\",\"options\":{\"cancelRunning\":true}}";
    static final String CANCEL_EXECUTION =
            "{\"action\":\"cancel\",\"syncType\":\"bulk\",\"options\":{\"executionId\":\"" + EXECUTION + "\"}}";
    static final String START_MODEL_OPTIONS =
            "{\"action\":\"start\",\"syncType\":\"model\",\"options\":{\"identities\":[\"a\"],\"test\":true}}";
    static final String CANCEL_MODEL = "{\"action\":\"cancel\",\"syncType\":\"model\"}";

    private CommandCases() {}

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static Case accepted(String name, String value) {
        return new Case(name, bytes(SYNC), bytes(value), null, null);
    }

    static Case rejected(String name, String key, String value, String reason) {
        return new Case(name, bytes(key), bytes(value), reason, null);
    }

    static Case rejected(String name, String value, String reason) {
        return rejected(name, SYNC, value, reason);
    }

    /** A command of {@code action} and {@code syncType} with these options (JSON). */
    static String withOptions(String action, String syncType, String options) {
        return "{\"action\":\"" + action + "\",\"syncType\":\"" + syncType + "\",\"options\":" + options + "}";
    }

    /** A command that activates a model sync, with one more top-level field (JSON). */
    static String activateWith(String field, String value) {
        return "{\"" + field + "\":" + value + ",\"action\":\"activate\",\"syncType\":\"model\"}";
    }

    /** Every case: the parser's, R5's hostile records, and those that pin down each rule of the schema. */
    public static List<Case> all() {
        List<Case> all = new ArrayList<>();
        all.addAll(parserCases());
        all.addAll(hostile(SYNC, "bad-marker"));
        all.addAll(schemaRules());
        return all;
    }

    /** The records the parser's tests read. */
    static List<Case> parserCases() {
        return List.of(
                accepted("a full start of a bulk sync", FULL_BULK_START),
                accepted("no ID: derived", OK),
                accepted("deactivate and cancel a model sync", DEACTIVATE_CANCELING),
                accepted("cancel one bulk execution", CANCEL_EXECUTION),
                accepted("start a model sync with options", START_MODEL_OPTIONS),
                accepted("cancel a model sync", CANCEL_MODEL),
                accepted("reconcile a bulk sync", "{\"action\":\"reconcile\",\"syncType\":\"bulk\"}"),
                rejected(
                        "reconcile with options",
                        withOptions("reconcile", "model", "{\"now\":true}"),
                        "invalid-options"),
                rejected("tombstone", SYNC, null, "tombstone").blind(SchemaBlind.NO_VALUE),
                rejected("no key", null, OK, "missing-key").blind(SchemaBlind.RECORD_KEY),
                rejected("empty key", "", OK, "missing-key").blind(SchemaBlind.RECORD_KEY),
                rejected("key not a UUID", "not-a-uuid", OK, "invalid-key").blind(SchemaBlind.RECORD_KEY),
                rejected("key a path", "../../api/syncs", OK, "invalid-key").blind(SchemaBlind.RECORD_KEY),
                rejected("key with an encoded slash", SYNC + "%2F..", OK, "invalid-key")
                        .blind(SchemaBlind.RECORD_KEY),
                rejected("key with CRLF", SYNC + "\r\nX-Evil: 1", OK, "invalid-key")
                        .blind(SchemaBlind.RECORD_KEY),
                rejected("broken JSON", "{not json", "invalid-json"),
                rejected("trailing text", OK + " trailing", "invalid-json"),
                rejected(
                                "duplicate member",
                                "{\"action\":\"activate\",\"action\":\"cancel\",\"syncType\":\"model\"}",
                                "invalid-json")
                        .blind(SchemaBlind.DUPLICATE_NAMES),
                rejected("an array", "[1,2]", "not-an-object"),
                rejected("a string", "\"activate\"", "not-an-object"),
                rejected("no action", "{\"syncType\":\"model\"}", "missing-field"),
                rejected("no sync type", "{\"action\":\"activate\"}", "missing-field"),
                rejected("action a number", "{\"action\":7,\"syncType\":\"model\"}", "wrong-type"),
                rejected("unknown action", "{\"action\":\"explode\",\"syncType\":\"model\"}", "unknown-action"),
                rejected("action in capitals", "{\"action\":\"ACTIVATE\",\"syncType\":\"model\"}", "unknown-action"),
                rejected(
                        "unknown sync type", "{\"action\":\"activate\",\"syncType\":\"reverse\"}", "unknown-sync-type"),
                rejected("syncId not the key", activateWith("syncId", "\"" + EXECUTION + "\""), "key-mismatch")
                        .blind(SchemaBlind.RECORD_KEY),
                rejected("ID too short", activateWith("id", "\"short\""), "invalid-id"),
                rejected("ID with spaces", activateWith("id", "\"has space in it\""), "invalid-id"),
                rejected(
                        "requestedAt not a date", activateWith("requestedAt", "\"yesterday\""), "invalid-requested-at"),
                rejected("options an array", withOptions("activate", "model", "[]"), "invalid-options"),
                rejected(
                        "activate with cancelRunning",
                        withOptions("activate", "model", "{\"cancelRunning\":true}"),
                        "invalid-options"),
                rejected(
                        "deactivate bulk with cancelRunning",
                        withOptions("deactivate", "bulk", "{\"cancelRunning\":true}"),
                        "invalid-options"),
                rejected(
                        "executionId a path",
                        withOptions("cancel", "bulk", "{\"executionId\":\"../x\"}"),
                        "invalid-options"),
                rejected(
                        "unknown resync_mode",
                        withOptions("start", "bulk", "{\"resync_mode\":\"nuke\"}"),
                        "invalid-options"),
                rejected(
                        "test with resync_mode",
                        withOptions("start", "bulk", "{\"resync_mode\":\"resync\",\"test\":true}"),
                        "invalid-options"),
                rejected("resync a string", withOptions("start", "model", "{\"resync\":\"yes\"}"), "invalid-options"),
                rejected(
                        "identities of numbers",
                        withOptions("start", "model", "{\"identities\":[1]}"),
                        "invalid-options"),
                rejected(
                        "an option of the other kind",
                        withOptions("start", "model", "{\"resyncMode\":\"full\"}"),
                        "invalid-options"),
                new Case(
                        "Latin-1 value",
                        bytes(SYNC),
                        "{\"action\":\"activate\",\"syncType\":\"mod\u00e9l\"}".getBytes(StandardCharsets.ISO_8859_1),
                        "invalid-encoding",
                        null),
                rejected(
                                "over the size limit",
                                "{\"action\":\"activate\",\"syncType\":\"model\",\"pad\":\"" + "x".repeat(70_000)
                                        + "\"}",
                                "too-large")
                        .blind(SchemaBlind.RECORD_SIZE));
    }

    /**
     * R5's hostile records for a sync: each is dead-lettered with a reason, and no API call follows. {@code marker}
     * makes one of them unique to the run.
     */
    public static List<Case> hostile(String syncId, String marker) {
        return List.of(
                rejected("R5 tombstone", syncId, null, "tombstone").blind(SchemaBlind.NO_VALUE),
                rejected("R5 no key", null, OK, "missing-key").blind(SchemaBlind.RECORD_KEY),
                rejected("R5 empty key", "", OK, "missing-key").blind(SchemaBlind.RECORD_KEY),
                rejected("R5 key not a UUID", "not-a-uuid", OK, "invalid-key").blind(SchemaBlind.RECORD_KEY),
                rejected("R5 key a path", "../../api/syncs", OK, "invalid-key").blind(SchemaBlind.RECORD_KEY),
                rejected("R5 key with an encoded slash", syncId + "%2F..", OK, "invalid-key")
                        .blind(SchemaBlind.RECORD_KEY),
                rejected("R5 key with CRLF", syncId + "\r\nX-Evil: 1", OK, "invalid-key")
                        .blind(SchemaBlind.RECORD_KEY),
                rejected("R5 broken JSON", syncId, "{not json", "invalid-json"),
                rejected("R5 trailing text", syncId, OK + " trailing", "invalid-json"),
                rejected("R5 an array", syncId, "[1,2,3]", "not-an-object"),
                rejected("R5 no action", syncId, "{\"syncType\":\"model\"}", "missing-field"),
                rejected("R5 no sync type", syncId, "{\"action\":\"activate\"}", "missing-field"),
                rejected("R5 action a number", syncId, "{\"action\":1,\"syncType\":\"model\"}", "wrong-type"),
                rejected(
                        "R5 unknown action",
                        syncId,
                        "{\"action\":\"explode\",\"syncType\":\"model\"}",
                        "unknown-action"),
                rejected(
                        "R5 unknown sync type",
                        syncId,
                        "{\"action\":\"activate\",\"syncType\":\"warehouse\"}",
                        "unknown-sync-type"),
                rejected(
                                "R5 syncId not the key",
                                syncId,
                                activateWith("syncId", "\"7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c\""),
                                "key-mismatch")
                        .blind(SchemaBlind.RECORD_KEY),
                rejected("R5 ID too short", syncId, activateWith("id", "\"x\""), "invalid-id"),
                rejected(
                        "R5 requestedAt not a date",
                        syncId,
                        activateWith("requestedAt", "\"soon\""),
                        "invalid-requested-at"),
                rejected(
                        "R5 activate with cancelRunning",
                        syncId,
                        withOptions("activate", "model", "{\"cancelRunning\":true}"),
                        "invalid-options"),
                rejected(
                        "R5 executionId a path",
                        syncId,
                        withOptions("cancel", "bulk", "{\"executionId\":\"../x\"}"),
                        "invalid-options"),
                rejected(
                        "R5 unknown resync_mode",
                        syncId,
                        withOptions("start", "bulk", "{\"resync_mode\":\"nuke\"}"),
                        "invalid-options"),
                rejected(
                                "R5 over the size limit",
                                syncId,
                                activateWith("pad", "\"" + "x".repeat(70_000) + "\""),
                                "too-large")
                        .blind(SchemaBlind.RECORD_SIZE),
                rejected(
                                "R5 duplicate member",
                                syncId,
                                "{\"action\":\"activate\",\"syncType\":\"model\",\"tag\":\"" + marker + "\",\"tag\":1}",
                                "invalid-json")
                        .blind(SchemaBlind.DUPLICATE_NAMES),
                rejected("R5 key with a leading space", " " + syncId, OK, "invalid-key")
                        .blind(SchemaBlind.RECORD_KEY),
                rejected("R5 key with NUL", syncId + "\u0000", OK, "invalid-key")
                        .blind(SchemaBlind.RECORD_KEY),
                // Cyrillic 'а' in place of a hex digit: looks like the sync, is not a UUID.
                rejected("R5 homoglyph key", syncId.replaceFirst("[a-f]", "\u0430"), OK, "invalid-key")
                        .blind(SchemaBlind.RECORD_KEY),
                rejected("R5 empty value", syncId, "", "not-an-object"),
                rejected("R5 JSON null", syncId, "null", "not-an-object"),
                rejected(
                        "R5 deep nesting",
                        syncId,
                        "{\"action\":\"activate\",\"syncType\":\"model\",\"options\":" + "[".repeat(3000),
                        "invalid-json"),
                rejected("R5 huge number", syncId, activateWith("requestedAt", "1e999999"), "wrong-type"),
                rejected("R5 syncId a path", syncId, activateWith("syncId", "\"../..\""), "key-mismatch"),
                rejected("R5 ID too long", syncId, activateWith("id", "\"" + "a".repeat(300) + "\""), "invalid-id"),
                rejected("R5 ID with CRLF", syncId, activateWith("id", "\"abcdefgh\\r\\nX-Evil: 1\""), "invalid-id"),
                rejected(
                        "R5 options a string",
                        syncId,
                        "{\"action\":\"start\",\"syncType\":\"model\",\"options\":\"resync\"}",
                        "invalid-options"),
                rejected(
                        "R5 executionId encoded path",
                        syncId,
                        withOptions("cancel", "bulk", "{\"executionId\":\"%2F..%2F\"}"),
                        "invalid-options"),
                rejected(
                        "R5 identities a string",
                        syncId,
                        withOptions("start", "model", "{\"identities\":\"all\"}"),
                        "invalid-options"),
                new Case(
                        "R5 invalid UTF-8",
                        bytes(syncId),
                        new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'},
                        "invalid-encoding",
                        null),
                // Right text, wrong encodings: UTF-16 value, Latin-1 key.
                new Case(
                        "R5 UTF-16 value",
                        bytes(syncId),
                        OK.getBytes(StandardCharsets.UTF_16),
                        "invalid-encoding",
                        null),
                new Case(
                                "R5 Latin-1 key",
                                (syncId + "\u00e9").getBytes(StandardCharsets.ISO_8859_1),
                                bytes(OK),
                                "invalid-encoding",
                                null)
                        .blind(SchemaBlind.RECORD_KEY));
    }

    /** Records that pin down each rule of the schema: nulls, options per action and kind, ID and date forms. */
    static List<Case> schemaRules() {
        return List.of(
                accepted("options null", withOptions("activate", "model", "null")),
                accepted("options empty", withOptions("activate", "bulk", "{}")),
                accepted("ID null: derived", activateWith("id", "null")),
                accepted("syncId null", activateWith("syncId", "null")),
                accepted("syncId the key in capitals", activateWith("syncId", "\"" + SYNC.toUpperCase() + "\"")),
                accepted("requestedAt null", activateWith("requestedAt", "null")),
                accepted("ID of 8", activateWith("id", "\"abcdefgh\"")),
                accepted("ID of 128", activateWith("id", "\"" + "a".repeat(128) + "\"")),
                accepted("requestedAt in UTC", activateWith("requestedAt", "\"2026-11-25T10:00:00Z\"")),
                accepted(
                        "requestedAt with nanoseconds and an offset",
                        activateWith("requestedAt", "\"2026-11-25T10:00:00.123456789+05:30\"")),
                accepted("requestedAt without seconds", activateWith("requestedAt", "\"2026-11-25T10:00Z\"")),
                accepted("requestedAt in lower case", activateWith("requestedAt", "\"2026-11-25t10:00:00z\"")),
                accepted("requestedAt on a leap day", activateWith("requestedAt", "\"2024-02-29T10:00:00Z\"")),
                accepted(
                        "requestedAt with a bare decimal point",
                        activateWith("requestedAt", "\"2026-11-25T10:00:00.Z\"")),
                accepted(
                        "requestedAt with offset seconds",
                        activateWith("requestedAt", "\"2026-11-25T10:00:00+01:00:30\"")),
                accepted(
                        "requestedAt at the widest offset",
                        activateWith("requestedAt", "\"2026-11-25T10:00:00-18:00\"")),
                rejected(
                                "requestedAt in year +10000, a leap year, is in the future",
                                activateWith("requestedAt", "\"+10000-02-29T10:00Z\""),
                                "future-requested-at")
                        .blind(SchemaBlind.CLOCK),
                rejected(
                                "requestedAt next year, beyond the clock-skew tolerance",
                                activateWith(
                                        "requestedAt",
                                        "\"" + java.time.Year.now().plusYears(1) + "-06-01T10:00Z\""),
                                "future-requested-at")
                        .blind(SchemaBlind.CLOCK),
                accepted("requestedAt before year 0", activateWith("requestedAt", "\"-0001-11-25T10:00Z\"")),
                accepted(
                        "start model options null",
                        withOptions("start", "model", "{\"identities\":null,\"resync\":null,\"test\":null}")),
                accepted(
                        "start model no identities",
                        withOptions("start", "model", "{\"identities\":[],\"resync\":true}")),
                accepted(
                        "start bulk options null",
                        withOptions(
                                "start",
                                "bulk",
                                "{\"resync_mode\":null,\"test\":null,\"schemas\":null,\"fetch_mode\":null}")),
                accepted("start bulk test", withOptions("start", "bulk", "{\"test\":true}")),
                accepted(
                        "start bulk resync_mode with test false",
                        withOptions("start", "bulk", "{\"resync_mode\":\"resync\",\"test\":false}")),
                accepted(
                        "start bulk resync_mode with test null",
                        withOptions("start", "bulk", "{\"resync_mode\":\"rebuild\",\"test\":null}")),
                accepted("start model timeout", withOptions("start", "model", "{\"timeout\":\"PT2H\"}")),
                accepted(
                        "start bulk timeout days and time",
                        withOptions("start", "bulk", "{\"timeout\":\"P1DT12H30M5S\",\"test\":true}")),
                accepted("start model timeout one second", withOptions("start", "model", "{\"timeout\":\"PT1S\"}")),
                accepted("start bulk timeout null", withOptions("start", "bulk", "{\"timeout\":null}")),
                accepted("start model timeout days only", withOptions("start", "model", "{\"timeout\":\"P2D\"}")),
                rejected(
                        "start timeout zero",
                        withOptions("start", "model", "{\"timeout\":\"PT0S\"}"),
                        "invalid-options"),
                rejected(
                        "start timeout a number of seconds",
                        withOptions("start", "model", "{\"timeout\":3600}"),
                        "invalid-options"),
                rejected(
                        "start timeout in lower case",
                        withOptions("start", "bulk", "{\"timeout\":\"pt2h\"}"),
                        "invalid-options"),
                rejected(
                        "start timeout negative",
                        withOptions("start", "model", "{\"timeout\":\"-PT2H\"}"),
                        "invalid-options"),
                rejected(
                        "start timeout a fraction of a second",
                        withOptions("start", "model", "{\"timeout\":\"PT0.5S\"}"),
                        "invalid-options"),
                rejected(
                        "start timeout with an empty time part",
                        withOptions("start", "model", "{\"timeout\":\"P1DT\"}"),
                        "invalid-options"),
                rejected(
                        "start timeout in weeks",
                        withOptions("start", "model", "{\"timeout\":\"P1W\"}"),
                        "invalid-options"),
                rejected(
                        "start timeout with a line break",
                        withOptions("start", "model", "{\"timeout\":\"PT2H\\n\"}"),
                        "invalid-options"),
                rejected(
                        "start timeout too many digits",
                        withOptions("start", "model", "{\"timeout\":\"P9999999999999999999D\"}"),
                        "invalid-options"),
                rejected(
                        "cancel with a timeout",
                        withOptions("cancel", "model", "{\"timeout\":\"PT2H\"}"),
                        "invalid-options"),
                accepted("cancel bulk executionId null", withOptions("cancel", "bulk", "{\"executionId\":null}")),
                accepted(
                        "cancel bulk executionId in capitals",
                        withOptions("cancel", "bulk", "{\"executionId\":\"" + EXECUTION.toUpperCase() + "\"}")),
                accepted(
                        "deactivate model cancelRunning null",
                        withOptions("deactivate", "model", "{\"cancelRunning\":null}")),
                accepted("deactivate model options empty", withOptions("deactivate", "model", "{}")),
                accepted("activate bulk options null", withOptions("activate", "bulk", "null")),
                rejected(
                        "activate with an executionId",
                        withOptions("activate", "model", "{\"executionId\":\"" + EXECUTION + "\"}"),
                        "invalid-options"),
                rejected(
                        "activate bulk with any option",
                        withOptions("activate", "bulk", "{\"x\":1}"),
                        "invalid-options"),
                accepted(
                        "cancel model with an executionId",
                        withOptions("cancel", "model", "{\"executionId\":\"" + EXECUTION + "\"}")),
                rejected(
                        "deactivate bulk with cancelRunning false",
                        withOptions("deactivate", "bulk", "{\"cancelRunning\":false}"),
                        "invalid-options"),
                rejected(
                        "deactivate model with test",
                        withOptions("deactivate", "model", "{\"test\":true}"),
                        "invalid-options"),
                rejected("cancel bulk with test", withOptions("cancel", "bulk", "{\"test\":true}"), "invalid-options"),
                rejected(
                        "start bulk legacy resync",
                        withOptions("start", "bulk", "{\"resync\":true}"),
                        "invalid-options"),
                rejected(
                        "start bulk identities",
                        withOptions("start", "bulk", "{\"identities\":[\"a\"]}"),
                        "invalid-options"),
                rejected(
                        "start model schemas",
                        withOptions("start", "model", "{\"schemas\":[\"a\"]}"),
                        "invalid-options"),
                rejected(
                        "start model test a string",
                        withOptions("start", "model", "{\"test\":\"true\"}"),
                        "invalid-options"),
                rejected(
                        "start model identity null",
                        withOptions("start", "model", "{\"identities\":[null]}"),
                        "invalid-options"),
                rejected(
                        "start bulk schemas a string",
                        withOptions("start", "bulk", "{\"schemas\":\"contact\"}"),
                        "invalid-options"),
                rejected(
                        "start bulk fetch_mode in capitals",
                        withOptions("start", "bulk", "{\"fetch_mode\":\"FULL\"}"),
                        "invalid-options"),
                rejected(
                        "start bulk resync_mode a number",
                        withOptions("start", "bulk", "{\"resync_mode\":1}"),
                        "invalid-options"),
                rejected(
                        "cancel bulk executionId a number",
                        withOptions("cancel", "bulk", "{\"executionId\":42}"),
                        "wrong-type"),
                rejected(
                        "cancel bulk executionId without dashes",
                        withOptions("cancel", "bulk", "{\"executionId\":\"" + EXECUTION.replace("-", "") + "\"}"),
                        "invalid-options"),
                rejected(
                        "deactivate cancelRunning a string",
                        withOptions("deactivate", "model", "{\"cancelRunning\":\"yes\"}"),
                        "invalid-options"),
                rejected("options true", withOptions("activate", "model", "true"), "invalid-options"),
                rejected("empty object", "{}", "missing-field"),
                rejected("action null", "{\"action\":null,\"syncType\":\"model\"}", "missing-field"),
                rejected("sync type null", "{\"action\":\"activate\",\"syncType\":null}", "missing-field"),
                rejected("action empty", "{\"action\":\"\",\"syncType\":\"model\"}", "unknown-action"),
                rejected("sync type a list", "{\"action\":\"activate\",\"syncType\":[\"model\"]}", "wrong-type"),
                rejected("ID of 7", activateWith("id", "\"abcdefg\""), "invalid-id"),
                rejected("ID of 129", activateWith("id", "\"" + "a".repeat(129) + "\""), "invalid-id"),
                rejected("ID with a final newline", activateWith("id", "\"abcdefgh\\n\""), "invalid-id"),
                rejected(
                        "ID with letters beyond ASCII",
                        activateWith("id", "\"\u00f1\u00f1\u00f1\u00f1\u00f1\u00f1\u00f1\u00f1\""),
                        "invalid-id"),
                rejected("ID a number", activateWith("id", "12345678"), "wrong-type"),
                rejected("syncId a number", activateWith("syncId", "1"), "wrong-type"),
                rejected(
                        "requestedAt without offset",
                        activateWith("requestedAt", "\"2026-11-25T10:00:00\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt a date only",
                        activateWith("requestedAt", "\"2026-11-25\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt on February 30",
                        activateWith("requestedAt", "\"2026-02-30T10:00:00Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt on a non-leap February 29",
                        activateWith("requestedAt", "\"2026-02-29T10:00:00Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt at hour 24",
                        activateWith("requestedAt", "\"2026-11-25T24:00:00Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt at second 60",
                        activateWith("requestedAt", "\"2026-12-31T23:59:60Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt with ten fraction digits",
                        activateWith("requestedAt", "\"2026-11-25T10:00:00.1234567891Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt with a space",
                        activateWith("requestedAt", "\"2026-11-25 10:00:00Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt beyond the widest offset",
                        activateWith("requestedAt", "\"2026-11-25T10:00:00+18:30\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt in year +10001 on February 29",
                        activateWith("requestedAt", "\"+10001-02-29T10:00Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt in year -0000",
                        activateWith("requestedAt", "\"-0000-01-01T10:00Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt with a signed 4-digit year",
                        activateWith("requestedAt", "\"+2026-11-25T10:00Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt in 1900 on February 29",
                        activateWith("requestedAt", "\"1900-02-29T10:00Z\""),
                        "invalid-requested-at"),
                rejected(
                        "requestedAt with a final newline",
                        activateWith("requestedAt", "\"2026-11-25T10:00:00Z\\n\""),
                        "invalid-requested-at"),
                rejected("requestedAt a number", activateWith("requestedAt", "1764064800"), "wrong-type"));
    }
}
