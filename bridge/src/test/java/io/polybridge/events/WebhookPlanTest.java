package io.polybridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.events.WebhookPlan.Action;
import io.polybridge.events.WebhookPlan.State;
import io.polybridge.polytomic.Webhook;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Registration never touches a webhook it was not told to, and puts right one that points here. */
class WebhookPlanTest {

    static final Optional<String> URL = Optional.of("https://bridge.example.com/webhooks/polytomic");
    static final Optional<String> SECRET = Optional.of("s3cret-s3cret-s3cret");

    static Optional<Webhook> webhook(String endpoint, String secret, boolean disabled) {
        return Optional.of(new Webhook("w-1", "org", endpoint, secret, disabled));
    }

    @Test
    void withoutRegisterNothingIsEverChanged() {
        assertThat(WebhookPlan.of(Optional.empty(), URL, SECRET, false, true))
                .isEqualTo(new WebhookPlan(State.NONE, Action.NOTHING));
        assertThat(WebhookPlan.of(webhook("https://other.example.com/hook", "x", false), URL, SECRET, false, true))
                .isEqualTo(new WebhookPlan(State.ELSEWHERE, Action.NOTHING));
        assertThat(WebhookPlan.of(webhook(URL.get(), "another", false), URL, SECRET, false, false))
                .isEqualTo(new WebhookPlan(State.SECRET_DIFFERS, Action.NOTHING));
        assertThat(WebhookPlan.of(webhook(URL.get(), SECRET.get(), true), URL, SECRET, false, false))
                .isEqualTo(new WebhookPlan(State.DISABLED, Action.NOTHING));
    }

    @Test
    void aWebhookElsewhereIsReplacedOnlyWhenToldBoth() {
        Optional<Webhook> other = webhook("https://other.example.com/hook", "x", false);
        assertThat(WebhookPlan.of(other, URL, SECRET, true, false).action()).isEqualTo(Action.NOTHING);
        assertThat(WebhookPlan.of(other, URL, SECRET, true, true).action()).isEqualTo(Action.UPDATE);
    }

    @Test
    void registerCreatesEnablesAndFixesTheSecret() {
        assertThat(WebhookPlan.of(Optional.empty(), URL, SECRET, true, false).action())
                .isEqualTo(Action.CREATE);
        assertThat(WebhookPlan.of(webhook(URL.get() + "/", SECRET.get(), true), URL, SECRET, true, false))
                .isEqualTo(new WebhookPlan(State.DISABLED, Action.ENABLE));
        assertThat(WebhookPlan.of(webhook(URL.get(), "old", false), URL, SECRET, true, false)
                        .action())
                .isEqualTo(Action.UPDATE);
        assertThat(WebhookPlan.of(webhook(URL.get(), SECRET.get(), false), URL, SECRET, true, false))
                .isEqualTo(new WebhookPlan(State.POINTS_HERE, Action.NOTHING));
    }
}
