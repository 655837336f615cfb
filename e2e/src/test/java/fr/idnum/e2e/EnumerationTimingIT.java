package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Whether an account exists cannot be told from how long the eidas1 pages take: {@value #TRIES} identifiers of
 * existing accounts and {@value #TRIES} unknown ones, each followed by a wrong password, interleaved (so that the
 * machine's load weighs on both alike), timed at the identifier step and at the password step. The password step is
 * where a difference would be large: an existing account's password is checked with the realm's hash (argon2id),
 * and an unknown one is answered after the same hash of a dummy value ({@code PasswordAuthenticator}).
 * <p>
 * The bound, stated in docs/security-tests.md: the medians of the two kinds differ by less than a quarter of the
 * password step's median (a step without the dummy hash answers in a few ms against about 100: a difference of
 * most of the median), and less than 20 ms at the identifier step (one user look-up, found or not). Wrong passwords
 * are spread over {@value #ACCOUNTS} accounts, at most 4 each and seconds apart, so that no account gets locked (a
 * locked account is another case, not measured here).
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class EnumerationTimingIT {

    private static final int TRIES = 200;
    private static final int ACCOUNTS = 50;
    private static final int WARM_UP = 10;
    private static final String WRONG_PASSWORD = "Pas-Le-Bon-2026-Timing";
    /** This class's counts for the campaign's totals (docs/security-tests.md). */
    private static final CampaignTally TALLY = new CampaignTally();

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    private record Timing(long identifierNanos, long passwordNanos, String refusal) {
    }

    @AfterAll
    static void tally() {
        TALLY.write(EnumerationTimingIT.class);
    }

    @Test
    void existingAndUnknownAccountsTakeAsLongAtTheIdentifierAndPasswordSteps() {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(Citizens.create(realm, Map.of()));
        }
        for (int i = 0; i < WARM_UP; i++) {
            attempt("warm-up-" + UUID.randomUUID() + "@example.fr");
        }
        List<Timing> existing = new ArrayList<>();
        List<Timing> unknown = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            String account = accounts.get(i % ACCOUNTS);
            String nobody = "citizen-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
            if (i % 2 == 0) {
                existing.add(attempt(account));
                unknown.add(attempt(nobody));
            } else {
                unknown.add(attempt(nobody));
                existing.add(attempt(account));
            }
        }

        TALLY.cases(existing.size() + unknown.size());
        double identifierExisting = medianMillis(existing, Timing::identifierNanos);
        double identifierUnknown = medianMillis(unknown, Timing::identifierNanos);
        double passwordExisting = medianMillis(existing, Timing::passwordNanos);
        double passwordUnknown = medianMillis(unknown, Timing::passwordNanos);
        System.out.printf(Locale.ROOT, "[enumeration timing] %d tries each, interleaved; medians: identifier step %.1f ms (existing) vs %.1f ms (unknown), "
                        + "difference %.1f ms; password step %.1f ms vs %.1f ms, difference %.1f ms (%.0f %% of the median)%n",
                TRIES, identifierExisting, identifierUnknown, Math.abs(identifierExisting - identifierUnknown),
                passwordExisting, passwordUnknown, Math.abs(passwordExisting - passwordUnknown),
                100 * Math.abs(passwordExisting - passwordUnknown) / Math.max(passwordExisting, passwordUnknown));

        // Same content first: the refusal reads the same (the identifier left out).
        assertEquals(1, existing.stream().map(Timing::refusal).distinct().count(), "one refusal text for existing accounts");
        assertEquals(existing.get(0).refusal(), unknown.get(0).refusal(), "the same refusal for unknown accounts");
        assertTrue(Math.abs(identifierExisting - identifierUnknown) < 20,
                "identifier step: " + identifierExisting + " ms vs " + identifierUnknown + " ms");
        assertTrue(Math.abs(passwordExisting - passwordUnknown) < Math.max(passwordExisting, passwordUnknown) / 4,
                "password step: " + passwordExisting + " ms vs " + passwordUnknown + " ms");
    }

    /** One eidas1 sign-in with a wrong password; the two steps timed from the submission to the page. */
    private Timing attempt(String username) {
        Browser browser = new Browser();
        Browser.Result identifierPage = browser.open(rp.authorize("openid").acrValues("eidas1").uri());
        Login.assertPage(identifierPage, "username");
        long start = System.nanoTime();
        Browser.Result passwordPage = browser.submit(identifierPage.page(), Login.LOGIN_FORM, Map.of("username", username));
        long identifierNanos = System.nanoTime() - start;
        Login.assertPage(passwordPage, "password");
        start = System.nanoTime();
        Browser.Result refused = browser.submit(passwordPage.page(), Login.LOGIN_FORM, Map.of("password", WRONG_PASSWORD));
        long passwordNanos = System.nanoTime() - start;
        Login.assertPage(refused, "password");
        String refusal = refused.page().select("form").text().replace(username, "<identifier>");
        return new Timing(identifierNanos, passwordNanos, refusal);
    }

    private static double medianMillis(List<Timing> timings, java.util.function.ToLongFunction<Timing> part) {
        long[] sorted = timings.stream().mapToLong(part).sorted().toArray();
        long median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return median / 1_000_000.0;
    }
}
