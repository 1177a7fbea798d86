package io.polybridge.command;

/** The command pipeline's hand-off to status tracking: every sync that received a command, and what came of it. */
public interface SyncWatch {

    /**
     * Called once a command is finished (applied, conflict, rejected, …), after its result is published. For an
     * applied start, {@code result.executionId()} is the new execution, to be tracked from its creation.
     * {@code partition} is the commands partition the command came from, which decides the owning instance.
     */
    void commandFinished(SyncCommand command, CommandResult result, int partition);
}
