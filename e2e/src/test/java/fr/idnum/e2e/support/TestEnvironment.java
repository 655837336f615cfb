package fr.idnum.e2e.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Values the realm's placeholders take in the tests: secrets drawn at random for this run, and redirect
 * URIs on loopback addresses where nothing listens (the tests read the redirect, they never follow it).
 */
public final class TestEnvironment {

    public static final String KEYCLOAK = "http://localhost:8080";
    public static final String REALM = "idnum";
    public static final String ISSUER = KEYCLOAK + "/realms/" + REALM;

    public static final String MCF_CLIENT_ID = "mon-compte-formation";
    public static final String MCF_SECRET = randomSecret();
    public static final String MCF_REDIRECT_URI = "http://127.0.0.1:18082/login/callback";
    public static final String MCF_POST_LOGOUT_URI = "http://127.0.0.1:18082/logged-out";

    public static final String HUB_CLIENT_ID = "franceconnect-plus";
    public static final String HUB_SECRET = randomSecret();
    public static final String HUB_REDIRECT_URI = "http://127.0.0.1:18083/api/v2/oidc-callback";
    public static final String HUB_POST_LOGOUT_URI = "http://127.0.0.1:18083/api/v2/client/logout-callback";

    public static final String APP_CLIENT_ID = "idnum-app";
    public static final String BACKOFFICE_CLIENT_ID = "idnum-backoffice";
    public static final String BACKOFFICE_REDIRECT_URI = "http://127.0.0.1:18084/callback";
    /** The web phone's return from the app's sign-in (a second redirect URI of idnum-app); it listens on its port. */
    public static final String WEB_PHONE_REDIRECT_URI = "http://127.0.0.1:18085/callback";
    public static final String ENROLLMENT_CLIENT_ID = "idnum-enrollment";
    public static final String ENROLLMENT_SECRET = randomSecret();
    public static final String KEYCLOAK_SERVICE_CLIENT_ID = "idnum-keycloak";

    /** Where the tests start the enrollment service (a real process, see EnrollmentService). */
    public static final int ENROLLMENT_PORT = 18081;
    public static final String ENROLLMENT_URL = "http://127.0.0.1:" + ENROLLMENT_PORT;
    /** The enrollment service's management interface: health and metrics. */
    public static final int ENROLLMENT_MANAGEMENT_PORT = 18083;
    /** Where Keycloak sends its e-mails in the tests: the test framework's mail server ({@code @InjectMailServer}). */
    public static final int SMTP_PORT = 3025;
    /** Keys the verifiers of the citizens' 4-digit codes in Keycloak (base64 of 32 random bytes). */
    public static final String PIN_KEY = Base64.getEncoder().encodeToString(randomBytes());

    private TestEnvironment() {
    }

    static Map<String, String> placeholders() {
        return Map.ofEntries(
                Map.entry("IDNUM_MCF_CLIENT_SECRET", MCF_SECRET),
                Map.entry("IDNUM_MCF_REDIRECT_URI", MCF_REDIRECT_URI),
                Map.entry("IDNUM_MCF_POST_LOGOUT_REDIRECT_URI", MCF_POST_LOGOUT_URI),
                Map.entry("IDNUM_HUB_CLIENT_SECRET", HUB_SECRET),
                Map.entry("IDNUM_HUB_REDIRECT_URI", HUB_REDIRECT_URI),
                Map.entry("IDNUM_HUB_POST_LOGOUT_REDIRECT_URI", HUB_POST_LOGOUT_URI),
                Map.entry("IDNUM_HUB_JWKS_URL", HubKeys.get().jwksUrl()),
                Map.entry("IDNUM_ENROLLMENT_CLIENT_SECRET", ENROLLMENT_SECRET),
                Map.entry("IDNUM_APP_REDIRECT_URI", "fr.idnum.app:/oauth2redirect"),
                Map.entry("IDNUM_BACKOFFICE_REDIRECT_URI", BACKOFFICE_REDIRECT_URI),
                Map.entry("IDNUM_WEB_PHONE_REDIRECT_URI", WEB_PHONE_REDIRECT_URI),
                Map.entry("IDNUM_SMTP_HOST", "localhost"),
                Map.entry("IDNUM_SMTP_PORT", String.valueOf(SMTP_PORT)));
    }

    private static String randomSecret() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
