package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polybridge.polytomic.SyncKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {

    static final String SYNC = "248df4b7-aa70-47b8-a036-33ac447e668d";
    static final Instant RECORD_TIME = Instant.parse("2026-11-25T10:00:00Z");

    private final CommandParser parser = new CommandParser(TestConfigs.bridge());

    private SyncCommand parse(String key, String value) {
        return parser.parse(bytes(key), bytes(value), RECORD_TIME);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesAFullStartOfABulkSync() {
        SyncCommand command = parse(
                SYNC,
                """
                {"id":"cmd-0001-abc","action":"start","syncType":"bulk","syncId":"%s",
                 "requestedAt":"2026-11-25T09:59:00+01:00","unknownField":42,
                 "options":{"resync_mode":"refetch","schemas":["contact"],"fetch_mode":"full"}}
                """
                        .formatted(SYNC.toUpperCase()));

        assertThat(command.id()).isEqualTo("cmd-0001-abc");
        assertThat(command.derivedId()).isFalse();
        assertThat(command.action()).isEqualTo(CommandAction.START);
        assertThat(command.kind()).isEqualTo(SyncKind.BULK);
        assertThat(command.syncId()).isEqualTo(SYNC);
        assertThat(command.requestedAt()).isEqualTo(Instant.parse("2026-11-25T08:59:00Z"));
        assertThat(command.options()).isInstanceOfSatisfying(CommandOptions.StartBulk.class, o -> {
            assertThat(o.request().resyncMode()).isEqualTo("refetch");
            assertThat(o.request().schemas()).containsExactly("contact");
            assertThat(o.request().fetchMode()).isEqualTo("full");
            assertThat(o.request().test()).isNull();
        });
    }

    @Test
    void derivesTheSameIdForTheSameRecordAndAnotherForADifferentOne() {
        String value = "{\"action\":\"activate\",\"syncType\":\"model\"}";
        SyncCommand first = parse(SYNC, value);
        SyncCommand again = parse(SYNC, value);
        SyncCommand other = parse(SYNC, "{\"action\":\"deactivate\",\"syncType\":\"model\"}");

        assertThat(first.derivedId()).isTrue();
        assertThat(first.id()).isEqualTo(again.id()).startsWith("d-").matches(CommandParser.COMMAND_ID);
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(first.requestedAt()).isEqualTo(RECORD_TIME);
    }

    @Test
    void readsEachActionsOptions() {
        assertThat(parse(
                                SYNC,
                                "{\"action\":\"deactivate\",\"syncType\":\"model\",\"options\":{\"cancelRunning\":true}}")
                        .options())
                .isEqualTo(new CommandOptions.Deactivate(true));
        String execution = "7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c";
        assertThat(parse(
                                SYNC,
                                "{\"action\":\"cancel\",\"syncType\":\"bulk\",\"options\":{\"executionId\":\""
                                        + execution + "\"}}")
                        .options())
                .isEqualTo(new CommandOptions.CancelExecution(execution));
        assertThat(parse(
                                SYNC,
                                "{\"action\":\"start\",\"syncType\":\"model\",\"options\":{\"identities\":[\"a\"],\"test\":true}}")
                        .options())
                .isInstanceOfSatisfying(CommandOptions.StartModel.class, o -> {
                    assertThat(o.request().identities()).containsExactly("a");
                    assertThat(o.request().test()).isTrue();
                    assertThat(o.request().resync()).isNull();
                });
        assertThat(parse(SYNC, "{\"action\":\"cancel\",\"syncType\":\"model\"}").options())
                .isEqualTo(CommandOptions.NONE);
    }

    static Stream<Arguments> badRecords() {
        String ok = "{\"action\":\"activate\",\"syncType\":\"model\"}";
        return Stream.of(
                Arguments.of(SYNC, null, "tombstone"),
                Arguments.of(null, ok, "missing-key"),
                Arguments.of("", ok, "missing-key"),
                Arguments.of("not-a-uuid", ok, "invalid-key"),
                Arguments.of("../../api/syncs", ok, "invalid-key"),
                Arguments.of(SYNC + "%2F..", ok, "invalid-key"),
                Arguments.of(SYNC + "\r\nX-Evil: 1", ok, "invalid-key"),
                Arguments.of(SYNC, "{not json", "invalid-json"),
                Arguments.of(SYNC, ok + " trailing", "invalid-json"),
                Arguments.of(
                        SYNC, "{\"action\":\"activate\",\"action\":\"cancel\",\"syncType\":\"model\"}", "invalid-json"),
                Arguments.of(SYNC, "[1,2]", "not-an-object"),
                Arguments.of(SYNC, "\"activate\"", "not-an-object"),
                Arguments.of(SYNC, "{\"syncType\":\"model\"}", "missing-field"),
                Arguments.of(SYNC, "{\"action\":\"activate\"}", "missing-field"),
                Arguments.of(SYNC, "{\"action\":7,\"syncType\":\"model\"}", "wrong-type"),
                Arguments.of(SYNC, "{\"action\":\"explode\",\"syncType\":\"model\"}", "unknown-action"),
                Arguments.of(SYNC, "{\"action\":\"ACTIVATE\",\"syncType\":\"model\"}", "unknown-action"),
                Arguments.of(SYNC, "{\"action\":\"activate\",\"syncType\":\"reverse\"}", "unknown-sync-type"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"activate\",\"syncType\":\"model\",\"syncId\":\"7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c\"}",
                        "key-mismatch"),
                Arguments.of(SYNC, "{\"id\":\"short\",\"action\":\"activate\",\"syncType\":\"model\"}", "invalid-id"),
                Arguments.of(
                        SYNC,
                        "{\"id\":\"has space in it\",\"action\":\"activate\",\"syncType\":\"model\"}",
                        "invalid-id"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"activate\",\"syncType\":\"model\",\"requestedAt\":\"yesterday\"}",
                        "invalid-requested-at"),
                Arguments.of(
                        SYNC, "{\"action\":\"activate\",\"syncType\":\"model\",\"options\":[]}", "invalid-options"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"activate\",\"syncType\":\"model\",\"options\":{\"cancelRunning\":true}}",
                        "invalid-options"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"deactivate\",\"syncType\":\"bulk\",\"options\":{\"cancelRunning\":true}}",
                        "invalid-options"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"cancel\",\"syncType\":\"bulk\",\"options\":{\"executionId\":\"../x\"}}",
                        "invalid-options"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"start\",\"syncType\":\"bulk\",\"options\":{\"resync_mode\":\"nuke\"}}",
                        "invalid-options"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"start\",\"syncType\":\"bulk\",\"options\":{\"resync_mode\":\"resync\",\"test\":true}}",
                        "invalid-options"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"start\",\"syncType\":\"model\",\"options\":{\"resync\":\"yes\"}}",
                        "invalid-options"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"start\",\"syncType\":\"model\",\"options\":{\"identities\":[1]}}",
                        "invalid-options"),
                Arguments.of(
                        SYNC,
                        "{\"action\":\"start\",\"syncType\":\"model\",\"options\":{\"resyncMode\":\"full\"}}",
                        "invalid-options"));
    }

    @ParameterizedTest(name = "{2}: key={0} value={1}")
    @MethodSource("badRecords")
    void rejectsBadRecordsWithAReasonCode(String key, String value, String code) {
        assertThatThrownBy(() -> parse(key, value))
                .isInstanceOfSatisfying(
                        InvalidCommandException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageStartingWith(code + ": ");
    }

    @Test
    void rejectsInvalidUtf8AndOversizedValues() {
        byte[] latin1 = "{\"action\":\"activate\",\"syncType\":\"mod\u00e9l\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parser.parse(bytes(SYNC), latin1, RECORD_TIME))
                .hasMessageStartingWith("invalid-encoding: ");
        byte[] huge = ("{\"action\":\"activate\",\"syncType\":\"model\",\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(bytes(SYNC), huge, RECORD_TIME)).hasMessageStartingWith("too-large: ");
    }

    @Test
    void neverEchoesControlCharactersIntoTheReason() {
        assertThatThrownBy(() -> parse(SYNC + "\r\nInjected: header", "{}"))
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n")
                .hasMessageContaining("\\u000d\\u000a");
    }
}
