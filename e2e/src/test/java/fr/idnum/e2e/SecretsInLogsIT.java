package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.jose.JWSAlgorithm;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.Challenges;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * No secret of a citizen, a client or the server reaches a log, in any process: a citizen is enrolled and activated,
 * types a wrong password and a wrong 4-digit code, signs in at eidas2, changes their code; then the log files of
 * Keycloak ({@link IdnumServerConfig#KEYCLOAK_LOG}: production's INFO, our providers and Keycloak's events at DEBUG) and
 * of the enrollment service are searched for every secret that went by: passwords, SMS and activation codes, the
 * 4-digit codes, the authorization code, the tokens, the session cookies, the clients' secrets and the PIN key. The
 * logs hold everything the suite did before (one server for the whole run): this class runs last
 * ({@code junit-platform.properties}), so the search covers the whole campaign, with the fixed secrets of the suite
 * (the citizens' password and 4-digit code, the clients' secrets, the PIN key). Short codes are searched as whole
 * numbers (not inside an id or a longer number).
 */
@Order(Integer.MAX_VALUE)
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class SecretsInLogsIT {

    private static final String WRONG_PASSWORD = "Pas-Le-Bon-Mot-2026-" + Long.toHexString(System.nanoTime());
    private static final String WRONG_PIN = "4862";
    private static final String NEW_PIN = "7193";
    /** A case here is one secret searched in every log. */
    private static final CampaignTally TALLY = new CampaignTally();

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @AfterAll
    static void tally() {
        TALLY.write(SecretsInLogsIT.class);
    }

    @Test
    void noSecretOfAnEnrollmentOrASignInReachesAnyLog() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        EnrollmentService service = EnrollmentService.get();
        secrets.put("password", Citizens.PASSWORD);
        secrets.put("activation code", citizen.activationCode());
        service.outbox().smsTo(Enrollments.e164(citizen.identity().mobilePhone()))
                .forEach(sms -> secrets.put("SMS code " + sms.code(), sms.code()));
        secrets.put("4-digit code", Enrollments.PIN);
        secrets.put("phone app's access token", citizen.phone().accessToken());

        // A wrong password at eidas1.
        Browser.Result refused = Login.withPassword(new Browser(), rp.authorize("openid").acrValues("eidas1").uri(),
                citizen.username(), WRONG_PASSWORD);
        assertFalse(refused.leftKeycloak(), "a wrong password signs nobody in");
        secrets.put("wrong password", WRONG_PASSWORD);

        // An eidas2 sign-in: a wrong 4-digit code first, then the right one.
        Browser browser = new Browser();
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid identite_pivot").acrValues("eidas2");
        PushLogin login = PushLogin.start(browser, attempt.uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(Duration.ofSeconds(10));
        assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, WRONG_PIN, login.number()));
        secrets.put("wrong 4-digit code", WRONG_PIN);
        citizen.phone().approve(challenge, Enrollments.PIN, login.number());
        Browser.Result callback = login.check();
        assertTrue(callback.leftKeycloak(), "signed in");
        String code = callback.redirectParameters().get("code");
        secrets.put("authorization code", code);
        cookieValues(browser).forEach((name, value) -> secrets.put("cookie " + name, value));
        HTTPResponse response = attempt.exchange(code);
        OIDCTokenResponse tokens = RelyingParty.tokens(response);
        rp.validateSigned(tokens.getOIDCTokens().getIDToken(), JWSAlgorithm.RS256, attempt.nonce);
        putToken(secrets, "access token", tokens.getOIDCTokens().getAccessToken().getValue());
        putToken(secrets, "ID token", tokens.getOIDCTokens().getIDTokenString());
        if (tokens.getOIDCTokens().getRefreshToken() != null) {
            putToken(secrets, "refresh token", tokens.getOIDCTokens().getRefreshToken().getValue());
        }

        // A change of the 4-digit code.
        citizen.phone().changePin(Enrollments.PIN, NEW_PIN);
        secrets.put("new 4-digit code", NEW_PIN);

        // What the servers were configured with.
        secrets.put("relying party's client secret", TestEnvironment.MCF_SECRET);
        secrets.put("hub's client secret", TestEnvironment.HUB_SECRET);
        secrets.put("enrollment service's client secret", TestEnvironment.ENROLLMENT_SECRET);
        secrets.put("PIN key", TestEnvironment.PIN_KEY);

        Map<String, List<String>> logs = new LinkedHashMap<>();
        logs.put("Keycloak", lines(IdnumServerConfig.KEYCLOAK_LOG));
        logs.put("enrollment service", lines(EnrollmentService.LOG_FILE));
        // The search is not vacuous: the logs cover this test's own actions.
        assertTrue(logs.get("Keycloak").stream().anyMatch(line -> line.contains(citizen.userId()) && line.contains("LOGIN")),
                "Keycloak's log holds this sign-in's event (of user " + citizen.userId() + ")");
        assertTrue(logs.get("enrollment service").stream().anyMatch(line -> line.contains(citizen.enrollmentId())),
                "the enrollment service's log mentions this enrollment (" + citizen.enrollmentId() + ")");

        List<String> found = new ArrayList<>();
        logs.forEach((process, lines) -> secrets.forEach((what, secret) -> {
            Pattern pattern = pattern(secret);
            lines.stream().filter(line -> pattern.matcher(line).find()).findFirst()
                    .ifPresent(line -> found.add(process + " logged the " + what + ": " + line));
        }));
        TALLY.cases(secrets.size()).secretsFound(found.size());
        System.out.printf(Locale.ROOT, "[secrets in logs] %d secrets searched in %s%n", secrets.size(),
                logs.entrySet().stream().map(e -> e.getValue().size() + " lines of " + e.getKey() + "'s log").toList());
        assertEquals(List.of(), found);
    }

    /** A token, and its signature alone (what makes it usable), which a log may show without the rest. */
    private static void putToken(Map<String, String> secrets, String what, String token) {
        secrets.put(what, token);
        int lastDot = token.lastIndexOf('.');
        if (lastDot > 0 && token.length() - lastDot > 20) {
            secrets.put(what + "'s signature", token.substring(lastDot + 1));
        }
    }

    /** Short numeric codes as whole numbers (not inside a longer number, an id or a hexadecimal string); the rest as is. */
    private static Pattern pattern(String secret) {
        if (secret.matches("[0-9]{4,8}")) {
            return Pattern.compile("(?<![0-9A-Za-z_-])" + secret + "(?![0-9A-Za-z_-])");
        }
        return Pattern.compile(Pattern.quote(secret));
    }

    private static Map<String, String> cookieValues(Browser browser) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String cookie : browser.cookieHeader(URI.create(TestEnvironment.ISSUER + "/")).split(";\\s*")) {
            int eq = cookie.indexOf('=');
            if (eq > 0 && cookie.length() - eq > 16) {
                values.put(cookie.substring(0, eq), cookie.substring(eq + 1));
            }
        }
        assertFalse(values.isEmpty(), "the browser holds Keycloak's session cookies");
        return values;
    }

    private static List<String> lines(Path log) throws IOException {
        assertTrue(Files.exists(log), "log file " + log.toAbsolutePath());
        // Decoded leniently: a log may hold bytes that are not UTF-8 (they are searched as replacement characters).
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().map(SecretsInLogsIT::withoutBookkeeping).toList();
    }

    /**
     * A JSON log record (Keycloak's log, as in production) without the numbers the log manager writes itself — its
     * record counter, thread and process ids, the time — which would otherwise match a 4-digit code by chance
     * ({@code "sequence":4862}); the message, the logger and the exception stay searched.
     */
    private static String withoutBookkeeping(String line) {
        return BOOKKEEPING.matcher(line).replaceAll("\"$1\":_");
    }

    private static final Pattern BOOKKEEPING = Pattern.compile("\"(sequence|threadId|processId|timestamp)\":(?:[0-9]+|\"[^\"]*\")");
}
