package io.polybridge.events;

import io.polybridge.polytomic.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * What the organization's one webhook is to this bridge, and what registration does about it. Pure, so every case is a
 * unit test. An organization has one webhook and it may serve something else: the bridge changes it only when told to
 * ({@code register}), and takes over one that points elsewhere only with {@code replace-existing} too.
 */
record WebhookPlan(State state, Action action) {

    /** What the organization's webhook is, as health reports it. */
    enum State {
        /** Not checked yet, or the check failed. */
        UNKNOWN,
        /** This bridge has no webhook secret: its receiver refuses every delivery, so the webhook is not checked. */
        RECEIVER_OFF,
        NONE,
        POINTS_HERE,
        /** Points at this bridge but is disabled: nothing is delivered. */
        DISABLED,
        /** Points at this bridge with another secret: every delivery would be refused. */
        SECRET_DIFFERS,
        ELSEWHERE
    }

    enum Action {
        NOTHING,
        CREATE,
        ENABLE,
        UPDATE
    }

    /**
     * @param publicUrl where Polytomic reaches this bridge, if configured
     * @param secret this bridge's webhook secret, if configured
     */
    static WebhookPlan of(
            Optional<Webhook> current,
            Optional<String> publicUrl,
            Optional<String> secret,
            boolean register,
            boolean replaceExisting) {
        if (current.isEmpty()) {
            return new WebhookPlan(State.NONE, register ? Action.CREATE : Action.NOTHING);
        }
        Webhook webhook = current.get();
        if (publicUrl.isEmpty() || !same(webhook.endpoint(), publicUrl.get())) {
            return new WebhookPlan(State.ELSEWHERE, register && replaceExisting ? Action.UPDATE : Action.NOTHING);
        }
        if (secret.isPresent() && webhook.secret() != null && !equal(webhook.secret(), secret.get())) {
            return new WebhookPlan(State.SECRET_DIFFERS, register ? Action.UPDATE : Action.NOTHING);
        }
        if (webhook.isDisabled()) {
            return new WebhookPlan(State.DISABLED, register ? Action.ENABLE : Action.NOTHING);
        }
        return new WebhookPlan(State.POINTS_HERE, Action.NOTHING);
    }

    /** URLs compare without a trailing slash: Polytomic may store what it was given either way. */
    private static boolean same(String endpoint, String publicUrl) {
        return endpoint != null && strip(endpoint).equals(strip(publicUrl));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Constant time: a secret is never compared byte by byte with an early exit. */
    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
