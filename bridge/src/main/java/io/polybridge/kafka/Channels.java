package io.polybridge.kafka;

/** Channel names shared by code, configuration and tests. Topic names are set per channel in application.properties. */
public final class Channels {

    /** Incoming commands, topic {@code polytomic.sync.commands}. */
    public static final String COMMANDS = "polytomic-commands";

    /**
     * What the bridge records, each message naming its topic: one result per command
     * ({@code polytomic.sync.command-results}), applied command IDs (compacted {@code polytomic.sync.command-dedup})
     * and tracking state (compacted {@code polytomic.sync.status-state}), the last two partitioned like the commands.
     */
    public static final String RECORDS = "polytomic-records";

    /** Commands submitted over HTTP, written to the commands topic as they came. */
    public static final String COMMANDS_SUBMIT = "polytomic-commands-submit";

    /** Status change events, topic {@code polytomic.sync.status}. */
    public static final String STATUS = "polytomic-status";

    private Channels() {}
}
