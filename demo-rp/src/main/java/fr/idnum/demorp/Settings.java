package fr.idnum.demorp;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where the demo service finds its OpenID Provider and who it is there. The variable names are the realm's
 * own placeholders for this client ({@code IDNUM_MCF_...}), so the run command sets each value once for both.
 *
 * @param issuer             the realm's issuer; discovery is read from it
 * @param clientId           the registered client
 * @param clientSecret       its secret (client_secret_basic); never logged
 * @param redirectUri        the registered redirect URI; the service listens on its port
 * @param postLogoutRedirect the registered post-logout redirect URI; the service answers on its path
 */
public record Settings(URI issuer, String clientId, String clientSecret, URI redirectUri, URI postLogoutRedirect) {

    public static final String ISSUER = "IDNUM_DEMO_RP_ISSUER";
    public static final String CLIENT_ID = "IDNUM_MCF_CLIENT_ID";
    public static final String CLIENT_SECRET = "IDNUM_MCF_CLIENT_SECRET";
    public static final String REDIRECT_URI = "IDNUM_MCF_REDIRECT_URI";
    public static final String POST_LOGOUT_REDIRECT_URI = "IDNUM_MCF_POST_LOGOUT_REDIRECT_URI";

    public Settings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException(CLIENT_SECRET + " is not set (the run command sets a demo value)");
        }
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(postLogoutRedirect, "postLogoutRedirect");
    }

    /** The settings of a local run, each overridable by the variable of the same name. */
    public static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                URI.create(env.getOrDefault(ISSUER, "http://localhost:8080/realms/idnum")),
                env.getOrDefault(CLIENT_ID, "mon-compte-formation"),
                env.get(CLIENT_SECRET),
                URI.create(env.getOrDefault(REDIRECT_URI, "http://localhost:8082/login/callback")),
                URI.create(env.getOrDefault(POST_LOGOUT_REDIRECT_URI, "http://localhost:8082/")));
    }

    /** The port the service listens on: the redirect URI's. */
    public int port() {
        return redirectUri.getPort() == -1 ? 80 : redirectUri.getPort();
    }
}
