package io.polybridge.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A command's requestedAt bounds its life (max age); one far in the future would make a command that never expires.
 * Up to the clock-skew tolerance a producer's clock may run ahead; beyond it the command is invalid.
 */
class RequestedAtTest {

    static final String SYNC = "248df4b7-aa70-47b8-a036-33ac447e668d";

    private static SyncCommand parse(CommandParser parser, Instant requestedAt) {
        String value = "{\"action\":\"activate\",\"syncType\":\"model\",\"requestedAt\":\"" + requestedAt + "\"}";
        return parser.parse(
                SYNC.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    @Test
    void aRequestedAtWithinTheToleranceIsKept() {
        CommandParser parser = new CommandParser(TestConfigs.bridge());
        Instant ahead = Instant.now().plus(Duration.ofMinutes(4));
        assertThat(parse(parser, ahead).requestedAt()).isEqualTo(ahead);
        Instant past = Instant.now().minus(Duration.ofDays(3));
        assertThat(parse(parser, past).requestedAt()).isEqualTo(past);
    }

    @Test
    void aRequestedAtBeyondTheToleranceIsInvalid() {
        CommandParser parser = new CommandParser(TestConfigs.bridge());
        assertThatThrownBy(() -> parse(parser, Instant.now().plus(Duration.ofMinutes(6))))
                .isInstanceOfSatisfying(InvalidCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo("future-requested-at");
                    assertThat(e.getMessage()).contains("5m");
                });
        assertThatThrownBy(() -> parse(parser, Instant.parse("2999-01-01T00:00:00Z")))
                .isInstanceOf(InvalidCommandException.class);
    }

    @Test
    void theToleranceIsASetting() {
        CommandParser parser =
                new CommandParser(TestConfigs.bridge(Map.of("bridge.commands.clock-skew-tolerance", "1h")));
        Instant ahead = Instant.now().plus(Duration.ofMinutes(30));
        assertThat(parse(parser, ahead).requestedAt()).isEqualTo(ahead);
    }
}
