package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polybridge.polytomic.SyncKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {

    static final String SYNC = CommandCases.SYNC;
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
        SyncCommand command = parse(SYNC, CommandCases.FULL_BULK_START);

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
        String value = CommandCases.OK;
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
        assertThat(parse(SYNC, CommandCases.DEACTIVATE_CANCELING).options())
                .isEqualTo(new CommandOptions.Deactivate(true));
        assertThat(parse(SYNC, CommandCases.CANCEL_EXECUTION).options())
                .isEqualTo(new CommandOptions.CancelExecution(CommandCases.EXECUTION));
        assertThat(parse(SYNC, CommandCases.START_MODEL_OPTIONS).options())
                .isInstanceOfSatisfying(CommandOptions.StartModel.class, o -> {
                    assertThat(o.request().identities()).containsExactly("a");
                    assertThat(o.request().test()).isTrue();
                    assertThat(o.request().resync()).isNull();
                });
        assertThat(parse(SYNC, CommandCases.CANCEL_MODEL).options()).isEqualTo(CommandOptions.NONE);
        assertThat(parse(SYNC, CommandCases.START_MODEL_OPTIONS).options())
                .isInstanceOfSatisfying(CommandOptions.StartModel.class, o -> assertThat(o.timeout())
                        .isNull());
    }

    @Test
    void aStartsTimeoutIsItsDurationAndNeverPartOfTheApiRequest() {
        String value =
                "{\"action\":\"start\",\"syncType\":\"bulk\",\"options\":{\"timeout\":\"P1DT2H\",\"test\":true}}";
        assertThat(parse(SYNC, value).options()).isInstanceOfSatisfying(CommandOptions.StartBulk.class, o -> {
            assertThat(o.timeout()).isEqualTo(java.time.Duration.ofHours(26));
            assertThat(o.request().test()).isTrue();
        });
    }

    /** Every record of the table is accepted, or dead-lettered with its reason code, as the table says. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.polybridge.command.CommandCases#all")
    void acceptsOrRejectsEachRecordAsTheTableSays(CommandCases.Case c) {
        if (c.accepted()) {
            assertThat(parser.parse(c.key(), c.value(), RECORD_TIME).syncId()).isEqualTo(SYNC);
            return;
        }
        assertThatThrownBy(() -> parser.parse(c.key(), c.value(), RECORD_TIME))
                .isInstanceOfSatisfying(
                        InvalidCommandException.class, e -> assertThat(e.code()).isEqualTo(c.reason()))
                .hasMessageStartingWith(c.reason() + ": ");
    }

    @Test
    void neverEchoesControlCharactersIntoTheReason() {
        assertThatThrownBy(() -> parse(SYNC + "\r\nInjected: header", "{}"))
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n")
                .hasMessageContaining("\\u000d\\u000a");
    }
}
