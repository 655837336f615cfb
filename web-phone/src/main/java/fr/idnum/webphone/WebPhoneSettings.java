package fr.idnum.webphone;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where the web phone finds the realm and the enrollment service, and where the realm sends its browser back after
 * the app's sign-in. The redirect URI's variable is the realm's own placeholder for it
 * ({@code IDNUM_WEB_PHONE_REDIRECT_URI}, a second redirect URI of {@code idnum-app}), so the run command sets it once
 * for both. The web phone is the public client {@code idnum-app}, as the phone app is: it holds no secret.
 *
 * @param issuer        the realm's issuer: its API paths are forwarded under {@code /idp/}
 * @param enrollmentUrl the enrollment service's base URL: its citizen API is forwarded under {@code /enrollment/}
 * @param redirectUri   the registered redirect URI; the web phone listens on its port
 */
public record WebPhoneSettings(URI issuer, URI enrollmentUrl, URI redirectUri) {

    public static final String ISSUER = "IDNUM_WEB_PHONE_ISSUER";
    public static final String ENROLLMENT_URL = "IDNUM_WEB_PHONE_ENROLLMENT_URL";
    public static final String REDIRECT_URI = "IDNUM_WEB_PHONE_REDIRECT_URI";

    public WebPhoneSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(enrollmentUrl, "enrollmentUrl");
        Objects.requireNonNull(redirectUri, "redirectUri");
    }

    /** The settings of a local run, each overridable by the variable of the same name. */
    public static WebPhoneSettings fromEnvironment(Map<String, String> env) {
        return new WebPhoneSettings(
                URI.create(env.getOrDefault(ISSUER, "http://localhost:8080/realms/idnum")),
                URI.create(env.getOrDefault(ENROLLMENT_URL, "http://localhost:8081")),
                URI.create(env.getOrDefault(REDIRECT_URI, "http://localhost:8083/callback")));
    }

    /** The port the web phone listens on: the redirect URI's. */
    public int port() {
        return redirectUri.getPort() == -1 ? 80 : redirectUri.getPort();
    }
}
