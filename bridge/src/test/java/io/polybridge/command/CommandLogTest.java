package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.polytomic.SyncKind;
import java.time.Instant;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandLogTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    private static SyncCommand command(String id, String syncId) {
        return new SyncCommand(
                id, false, CommandAction.ACTIVATE, SyncKind.MODEL, syncId, Instant.now(), CommandOptions.NONE, 0);
    }

    @Test
    void theCommandsFieldsAreSetWhileItsWorkRunsAndRemovedAfter() {
        String seen = CommandLog.withMdc(command("c1", "s1"), () -> MDC.get("syncId") + "/" + MDC.get("commandId"));

        assertThat(seen).isEqualTo("s1/c1");
        assertThat(MDC.get("syncId")).isNull();
        assertThat(MDC.get("commandId")).isNull();
    }

    @Test
    void aNestedCallPutsBackTheFieldsOfTheOuterOne() {
        String inner = CommandLog.withMdc(
                command("outer-command", "outer-sync"),
                () -> CommandLog.withMdc(command("inner-command", "inner-sync"), () -> (String) MDC.get("commandId"))
                        + " then " + MDC.get("commandId") + "@" + MDC.get("syncId"));

        assertThat(inner).isEqualTo("inner-command then outer-command@outer-sync");
        assertThat(MDC.get("commandId")).isNull();
    }
}
