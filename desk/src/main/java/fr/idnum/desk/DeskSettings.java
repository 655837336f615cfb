package fr.idnum.desk;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where the desk finds the realm and the enrollment service, and who it is at the realm. The redirect URI's
 * variable is the realm's own placeholder for the back-office client ({@code IDNUM_BACKOFFICE_REDIRECT_URI}), so
 * the run command sets it once for both. The desk is a public client: it holds no secret.
 *
 * @param issuer        the realm's issuer; discovery is read from it
 * @param clientId      the back-office client ({@code idnum-backoffice})
 * @param redirectUri   the registered redirect URI (also its post-logout URI); the desk listens on its port
 * @param enrollmentUrl the enrollment service's base URL (its agent and admin APIs)
 * @param idleTimeout   how long a desk session lasts without a request (and never beyond the access token)
 */
public record DeskSettings(URI issuer, String clientId, URI redirectUri, URI enrollmentUrl, Duration idleTimeout) {

    public static final String ISSUER = "IDNUM_DESK_ISSUER";
    public static final String CLIENT_ID = "IDNUM_BACKOFFICE_CLIENT_ID";
    public static final String REDIRECT_URI = "IDNUM_BACKOFFICE_REDIRECT_URI";
    public static final String ENROLLMENT_URL = "IDNUM_DESK_ENROLLMENT_URL";

    public DeskSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(enrollmentUrl, "enrollmentUrl");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /** The settings of a local run, each overridable by the variable of the same name. */
    public static DeskSettings fromEnvironment(Map<String, String> env) {
        return new DeskSettings(
                URI.create(env.getOrDefault(ISSUER, "http://localhost:8080/realms/idnum")),
                env.getOrDefault(CLIENT_ID, "idnum-backoffice"),
                URI.create(env.getOrDefault(REDIRECT_URI, "http://localhost:8084/callback")),
                URI.create(env.getOrDefault(ENROLLMENT_URL, "http://localhost:8081")),
                Duration.ofMinutes(15));
    }

    /** The port the desk listens on: the redirect URI's. */
    public int port() {
        return redirectUri.getPort() == -1 ? 80 : redirectUri.getPort();
    }
}
