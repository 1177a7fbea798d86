package io.polybridge.security;

import io.polybridge.config.BridgeConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * With authentication turned off ({@code bridge.security.enabled=false}), every caller, anonymous included, gets both
 * roles and counts as authenticated: the endpoints keep their {@code @RolesAllowed} and the path policy, and the one
 * switch opens them all.
 */
@ApplicationScoped
class OpenAccessAugmentor implements SecurityIdentityAugmentor {

    private final boolean open;

    OpenAccessAugmentor(BridgeConfig config) {
        this.open = !config.security().enabled();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!open) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder open = QuarkusSecurityIdentity.builder(identity)
                .addRoles(Set.of(Roles.OPERATOR, Roles.READER))
                .setAnonymous(false);
        if (identity.isAnonymous()) {
            open.setPrincipal(new QuarkusPrincipal("anonymous"));
        }
        return Uni.createFrom().item(open.build());
    }
}
