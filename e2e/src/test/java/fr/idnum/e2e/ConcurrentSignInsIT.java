package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.RelyingParty;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * What a citizen with two tabs (or an agent's tool signing one account in several times at once) meets: the right
 * password sent from several sign-ins of one account at the same moment. Keycloak 26's brute-force protection, which
 * the realm enables, refuses a login of an account while another of its logins is being checked
 * ({@code allow-concurrent-requests} is off by default: it stops guesses sent in parallel from slipping past the
 * failure count). Proved here and written in docs/operations.md: at least one sign-in goes through; the others get the
 * password page again (with a wrong password's refusal: our password step answers so an account Keycloak holds as
 * locked) and a {@code user_temporarily_disabled} event; nothing counts as a failure, so the account is not locked and
 * the next try signs in.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class ConcurrentSignInsIT {

    private static final int TABS = 4;
    private static final int ROUNDS = 5;
    /** What a wrong password gets (IdentifierIT): the citizen is not told their sign-in was refused for another reason. */
    private static final String NEUTRAL_REFUSAL = "Nous n’avons pas pu vous connecter avec ces informations";

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @Test
    void theRightPasswordFromSeveralTabsAtOnceSignsInAtLeastOnceAndLocksNothing() throws Exception {
        String username = Citizens.bornInFrance(realm);
        String userId = realm.admin().users().search(username, true).get(0).getId();
        Map<String, Integer> outcomes = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(TABS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Browser> tabs = new ArrayList<>();
                List<Browser.Result> passwordPages = new ArrayList<>();
                for (int t = 0; t < TABS; t++) {
                    Browser tab = new Browser();
                    tabs.add(tab);
                    Browser.Result page = Login.identifier(tab, rp.authorize("openid").acrValues("eidas1").uri(), username);
                    Login.assertPage(page, "password");
                    passwordPages.add(page);
                }
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Browser.Result>> sent = new ArrayList<>();
                for (int t = 0; t < TABS; t++) {
                    Browser tab = tabs.get(t);
                    Browser.Result page = passwordPages.get(t);
                    sent.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return tab.submit(page.page(), Login.LOGIN_FORM, Map.of("password", Citizens.PASSWORD));
                    }, pool));
                }
                go.countDown();
                int signedIn = 0;
                for (CompletableFuture<Browser.Result> future : sent) {
                    Browser.Result result = future.get();
                    String outcome;
                    if (result.leftKeycloak() && result.redirectParameters().containsKey("code")) {
                        outcome = "signed in";
                        signedIn++;
                    } else {
                        assertTrue(result.status() < 500, "no server error: HTTP " + result.status());
                        Login.assertPage(result, "password");
                        outcome = result.page().text().contains(NEUTRAL_REFUSAL)
                                ? "password page again, with the refusal of a wrong password"
                                : "password page again, without a message";
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                }
                assertTrue(signedIn >= 1, "at least one of the simultaneous sign-ins goes through (round " + round + ")");
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> errors = realm.admin().getEvents(List.of(EventType.LOGIN_ERROR.name()), null, userId, null, null, null, 0, 100)
                .stream().map(EventRepresentation::getError).toList();
        System.out.printf(Locale.ROOT, "[concurrent sign-ins] %d rounds of %d simultaneous right passwords: %s; LOGIN_ERROR events: %s%n",
                ROUNDS, TABS, outcomes, errors.stream().distinct().toList());

        assertTrue(errors.stream().allMatch("user_temporarily_disabled"::equals), "refusals only for the concurrency: " + errors);
        assertTrue(outcomes.keySet().stream().allMatch(o -> o.equals("signed in") || o.startsWith("password page again")),
                "a refused tab shows the password page again: " + outcomes);
        Map<String, Object> status = realm.admin().attackDetection().bruteForceUserStatus(userId);
        assertEquals(0, ((Number) status.get("numFailures")).intValue(), "no refusal counted as a failure: " + status);
        assertEquals(Boolean.FALSE, status.get("disabled"), "the account is not locked: " + status);
        Browser.Result after = Login.withPassword(new Browser(), rp.authorize("openid").acrValues("eidas1").uri(), username, Citizens.PASSWORD);
        assertTrue(after.leftKeycloak() && after.redirectParameters().containsKey("code"), "the next sign-in goes through at once");
    }
}
