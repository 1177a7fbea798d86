package io.polybridge.status;

import io.polybridge.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The configured terminal set (by default every status after which an execution does not change: completed, canceled,
 * failed, errors, interrupted). Fail closed: a status not listed, known or not, keeps its execution tracked.
 */
@ApplicationScoped
public class TerminalStatuses {

    private final Set<String> terminal;

    TerminalStatuses(BridgeConfig config) {
        this.terminal = Set.copyOf(config.status().terminalStatuses());
    }

    public boolean isTerminal(String status) {
        return status != null && terminal.contains(status);
    }
}
