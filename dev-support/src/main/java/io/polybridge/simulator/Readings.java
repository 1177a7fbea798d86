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

    /** The order of {@code GET /api/events}: the docs say how it pages (by time), not in which order. */
    public enum EventOrder {
        NEWEST_FIRST,
        OLDEST_FIRST
    }

    /**
     * How a webhook delivery is signed: the docs say "an HMAC of the body with the webhook's secret" in the
     * {@code Polytomic-Signature} header, not which hash nor which encoding.
     */
    public enum Signature {
        HMAC_SHA256_HEX("HmacSHA256", false),
        HMAC_SHA256_BASE64("HmacSHA256", true),
        HMAC_SHA1_HEX("HmacSHA1", false),
        HMAC_SHA512_HEX("HmacSHA512", false);

        final String algorithm;
        final boolean base64;

        Signature(String algorithm, boolean base64) {
            this.algorithm = algorithm;
            this.base64 = base64;
        }
    }

    private volatile KeyReuse keyReuse = KeyReuse.REPLAY;
    private volatile EventOrder eventOrder = EventOrder.NEWEST_FIRST;
    private volatile java.time.temporal.ChronoUnit eventTimePrecision = java.time.temporal.ChronoUnit.MICROS;
    private volatile Signature signature = Signature.HMAC_SHA256_HEX;
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

    public Readings eventOrder(EventOrder order) {
        this.eventOrder = order;
        return this;
    }

    /**
     * The precision of an event's {@code created_at} (microseconds by default; {@code SECONDS} makes many events share
     * a timestamp, which paging by time must survive).
     */
    public Readings eventTimePrecision(java.time.temporal.ChronoUnit unit) {
        this.eventTimePrecision = unit;
        return this;
    }

    public Readings signature(Signature how) {
        this.signature = how;
        return this;
    }

    EventOrder eventOrder() {
        return eventOrder;
    }

    java.time.temporal.ChronoUnit eventTimePrecision() {
        return eventTimePrecision;
    }

    Signature signature() {
        return signature;
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
        eventOrder = EventOrder.NEWEST_FIRST;
        eventTimePrecision = java.time.temporal.ChronoUnit.MICROS;
        signature = Signature.HMAC_SHA256_HEX;
        rateLimitRecorded = false;
        inactiveModelStart = InactiveModelStart.REFUSED;
        inactiveStartStatus = 400;
    }
}
