package io.polybridge.command;

/** Channel names shared by code, configuration and tests. Topic names are set per channel in application.properties. */
public final class Channels {

    /** Incoming commands, topic {@code polytomic.sync.commands}. */
    public static final String COMMANDS = "polytomic-commands";

    /** One result per command, topic {@code polytomic.sync.command-results}. */
    public static final String COMMAND_RESULTS = "polytomic-command-results";

    /** Applied command IDs, compacted topic {@code polytomic.sync.command-dedup}, partitioned like the commands. */
    public static final String COMMAND_DEDUP = "polytomic-command-dedup";

    /** Commands submitted over HTTP, written to the commands topic as they came. */
    public static final String COMMANDS_SUBMIT = "polytomic-commands-submit";

    /** Status change events, topic {@code polytomic.sync.status}. */
    public static final String STATUS = "polytomic-status";

    /** Tracking state, compacted topic {@code polytomic.sync.status-state}, partitioned like the commands. */
    public static final String STATUS_STATE = "polytomic-status-state";

    private Channels() {}
}
