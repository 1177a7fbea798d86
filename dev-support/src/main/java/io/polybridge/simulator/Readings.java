package io.polybridge.simulator;

/**
 * Where Polytomic's documentation is silent, which plausible reading the simulator follows. Each switch names the
 * readings it offers; a test picks one, and {@link PolytomicSimulator#reset()} restores the defaults. The bridge is
 * tested against every reading, so that it never depends on the one the simulator happens to pick.
 */
public final class Readings {

    /** What the API answers when an Idempotency-Key comes again with another method, path or body. */
    public enum KeyReuse {
        /** The key's first outcome is replayed whatever the request: the docs only say a key fixes the outcome. */
        REPLAY,
        /** 422: the key was used for a different request (what several payment APIs answer). */
        REJECT
    }

    /** What a manual start of an inactive model sync gets: the docs say only that it does not run. */
    public enum InactiveModelStart {
        /** A 4xx answer ({@link #inactiveStartStatus}), nothing created. */
        REFUSED,
        /** 200 with a new execution that stays {@code created} and never runs. */
        ACCEPTED_NEVER_RUNS
    }

    private volatile KeyReuse keyReuse = KeyReuse.REPLAY;
    private volatile boolean rateLimitRecorded;
    private volatile InactiveModelStart inactiveModelStart = InactiveModelStart.REFUSED;
    private volatile int inactiveStartStatus = 400;

    Readings() {}

    public Readings keyReuse(KeyReuse reading) {
        this.keyReuse = reading;
        return this;
    }

    /** Whether a 429 is recorded under the request's Idempotency-Key (and so replayed) like any other answer. */
    public Readings rateLimitRecorded(boolean recorded) {
        this.rateLimitRecorded = recorded;
        return this;
    }

    public Readings inactiveModelStart(InactiveModelStart reading) {
        this.inactiveModelStart = reading;
        return this;
    }

    /** The 4xx of {@link InactiveModelStart#REFUSED} (400 by default; 409 and 422 are as plausible). */
    public Readings inactiveStartStatus(int status) {
        this.inactiveStartStatus = status;
        return this;
    }

    KeyReuse keyReuse() {
        return keyReuse;
    }

    boolean rateLimitRecorded() {
        return rateLimitRecorded;
    }

    InactiveModelStart inactiveModelStart() {
        return inactiveModelStart;
    }

    int inactiveStartStatus() {
        return inactiveStartStatus;
    }

    void reset() {
        keyReuse = KeyReuse.REPLAY;
        rateLimitRecorded = false;
        inactiveModelStart = InactiveModelStart.REFUSED;
        inactiveStartStatus = 400;
    }
}
