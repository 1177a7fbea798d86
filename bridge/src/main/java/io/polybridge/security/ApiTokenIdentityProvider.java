package io.polybridge.security;

import io.polybridge.config.BridgeConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns the bearer token of a request into an identity, before the JWT validator sees it: a configured static API token
 * gives its name and role; any other token goes on to the JWT validator when JWT authentication is on, and is refused
 * (401) when it is off. The bearer token reaches here through smallrye-jwt's authentication mechanism, which reads
 * {@code Authorization: Bearer} for every request.
 */
@ApplicationScoped
class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Ahead of the JWT validator (default priority), so that a static token is never parsed as a JWT. */
    private static final int BEFORE_JWT = 2000;

    private final ApiTokens tokens;
    private final boolean enabled;
    private final boolean jwt;

    ApiTokenIdentityProvider(BridgeConfig config) {
        this.tokens = new ApiTokens(config.security().tokens());
        this.enabled = config.security().enabled();
        this.jwt = config.security().jwt().enabled();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return BEFORE_JWT;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!enabled) {
            // Authentication is off: a credential changes nothing (OpenAccessAugmentor gives everyone both roles).
            return Uni.createFrom()
                    .item(QuarkusSecurityIdentity.builder().setAnonymous(true).build());
        }
        var match = tokens.match(request.getToken().getToken());
        if (match.isPresent()) {
            return Uni.createFrom()
                    .item(QuarkusSecurityIdentity.builder()
                            .setPrincipal(
                                    new QuarkusPrincipal("token:" + match.get().name()))
                            .addRole(match.get().role().roleName())
                            .addCredential(request.getToken())
                            .build());
        }
        return jwt ? Uni.createFrom().nullItem() : Uni.createFrom().failure(new AuthenticationFailedException());
    }
}
