package io.polybridge.security;

/** The roles of the HTTP API, as {@code @RolesAllowed} names them ({@code BridgeConfig.Security.Role#roleName()}). */
public final class Roles {

    /** Submits commands, redrives dead letters, reconciles syncs, and reads. */
    public static final String OPERATOR = "operator";

    /** Reads the tracked syncs only. */
    public static final String READER = "reader";

    private Roles() {}
}
