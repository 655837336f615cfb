package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.Mailbox;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.device.DeviceClient;
import fr.idnum.simulator.device.DeviceState;
import fr.idnum.simulator.http.HttpReply;
import fr.idnum.testsupport.CampaignTally;
import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

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
 * <p>
 * "Mot de passe oublié ?" likewise: the e-mail answer ("un message vient d'y être envoyé") to {@value #RESET_TRIES}
 * addresses with an account (over {@value #RESET_ACCOUNTS} accounts) and as many without, interleaved, its median within 20 ms whether or not an e-mail goes
 * out (Keycloak's own step sends it inside the request, which an unknown address never waits for; ours sends it after
 * the answer). Keycloak's step is measured too, in a copy of the flow bound for {@value #BASELINE_TRIES} tries each,
 * for the figure to compare against (printed, not asserted: its difference is the SMTP server's speed).
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class EnumerationTimingIT {

    private static final int TRIES = 200;
    /** Activated phones the device API test names, each {@code TRIES / PHONES} times. */
    private static final int PHONES = 10;
    private static final int ACCOUNTS = 50;
    private static final int WARM_UP = 10;
    private static final int RESET_TRIES = 200;
    private static final int BASELINE_TRIES = 50;
    /** Resets lock nothing: fewer accounts than the sign-in test needs, for a shorter run. */
    private static final int RESET_ACCOUNTS = 20;
    private static final String RESET_FLOW = "idnum reset credentials";
    private static final String BASELINE_FLOW = "keycloak-reset-credentials-baseline";
    private static final String EMAIL_SENT = "un message vient d’y être envoyé";
    private static final String WRONG_PASSWORD = "Pas-Le-Bon-2026-Timing";
    /** This class's counts for the campaign's totals (docs/security-tests.md). */
    private static final CampaignTally TALLY = new CampaignTally();

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectMailServer
    MailServer mail;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    private record Timing(long identifierNanos, long passwordNanos, String refusal) {
    }

    /** One answer of the device API: how long it took, what it said. */
    private record DeviceTiming(long nanos, String answer) {
    }

    /** One answer of the forgotten-password page: how long it took, what it said (the address left out). */
    private record ResetTiming(long nanos, String answer) {
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

    @Test
    void existingAndUnknownAddressesTakeAsLongOnTheForgottenPasswordPage() {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < RESET_ACCOUNTS; i++) {
            accounts.add(Citizens.create(realm, Map.of()));
        }
        double[] baseline = withResetFlow(keycloakResetFlow(), () -> resetMedians(accounts, BASELINE_TRIES));
        long mailsBefore = accounts.stream().mapToLong(a -> Mailbox.countTo(mail, a)).sum();
        double[] ours = resetMedians(accounts, RESET_TRIES);

        TALLY.cases(2 * (BASELINE_TRIES + RESET_TRIES));
        System.out.printf(Locale.ROOT, "[enumeration timing] forgotten password, medians: Keycloak's reset-credential-email (%d tries each) %.1f ms (existing) "
                        + "vs %.1f ms (unknown), difference %.1f ms; idnum-reset-credential-email (%d tries each) %.1f ms vs %.1f ms, difference %.1f ms%n",
                BASELINE_TRIES, baseline[0], baseline[1], Math.abs(baseline[0] - baseline[1]),
                RESET_TRIES, ours[0], ours[1], Math.abs(ours[0] - ours[1]));
        assertTrue(Math.abs(ours[0] - ours[1]) < 20, "forgotten password: " + ours[0] + " ms vs " + ours[1] + " ms");
        // The e-mails still go out, after the answers: one to each existing account's try.
        long deadline = System.nanoTime() + 30_000_000_000L;
        long mails;
        while ((mails = accounts.stream().mapToLong(a -> Mailbox.countTo(mail, a)).sum() - mailsBefore) < RESET_TRIES
                && System.nanoTime() < deadline) {
            mail.waitForIncomingEmail(1000, 1);
        }
        assertEquals(RESET_TRIES, mails, "reset e-mails sent to existing accounts");
    }

    /** Medians in ms of the e-mail step for existing accounts then unknown addresses, {@code tries} each, interleaved. */
    private double[] resetMedians(List<String> accounts, int tries) {
        for (int i = 0; i < WARM_UP; i++) {
            reset("warm-up-" + UUID.randomUUID() + "@example.fr");
        }
        List<ResetTiming> existing = new ArrayList<>();
        List<ResetTiming> unknown = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            String account = accounts.get(i % accounts.size());
            String nobody = "citizen-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
            if (i % 2 == 0) {
                existing.add(reset(account));
                unknown.add(reset(nobody));
            } else {
                unknown.add(reset(nobody));
                existing.add(reset(account));
            }
        }
        assertEquals(1, existing.stream().map(ResetTiming::answer).distinct().count(), "one answer for existing accounts");
        assertEquals(existing.get(0).answer(), unknown.get(0).answer(), "the same answer for unknown addresses");
        return new double[] {medianMillis(existing, ResetTiming::nanos), medianMillis(unknown, ResetTiming::nanos)};
    }

    /** "Mot de passe oublié ?" from an eidas1 sign-in; the e-mail step timed from the submission to the answer. */
    private ResetTiming reset(String username) {
        Browser browser = new Browser();
        Browser.Result identifierPage = browser.open(rp.authorize("openid").acrValues("eidas1").uri());
        Login.assertPage(identifierPage, "username");
        var forgot = identifierPage.page().selectFirst("a[href*=reset-credentials]");
        assertTrue(forgot != null, "no 'Mot de passe oublié ?' link:\n" + identifierPage.page().text());
        Browser.Result resetPage = browser.open(URI.create(forgot.absUrl("href")));
        Login.assertPage(resetPage, "username");
        long start = System.nanoTime();
        Browser.Result answer = browser.submit(resetPage.page(), "#kc-reset-password-form", Map.of("username", username));
        long nanos = System.nanoTime() - start;
        assertEquals(200, answer.status(), answer.page().text());
        assertTrue(answer.page().text().contains(EMAIL_SENT), answer.page().text());
        return new ResetTiming(nanos, answer.page().text().replace(username, "<identifier>"));
    }

    /**
     * The device API names a phone by its credential id ({@code kid}): a request naming an existing phone but signed by
     * another key is refused as one naming no phone (401 {@code invalid-device-request}, the same problem), and as fast.
     * The existing phone's request is the longer path (its owner and credential read, the signature checked).
     */
    @Test
    void existingAndUnknownPhonesTakeAsLongOnTheDeviceApi() {
        List<Enrollments.Citizen> phones = new ArrayList<>();
        for (int i = 0; i < PHONES; i++) {
            phones.add(Enrollments.activated(realm));
        }
        PhoneApp intruder = phones.get(0).phone();
        ECKey foreignKey = DeviceState.generateKey();
        for (int i = 0; i < WARM_UP; i++) {
            forged(intruder, foreignKey, UUID.randomUUID().toString());
        }
        List<DeviceTiming> existing = new ArrayList<>();
        List<DeviceTiming> unknown = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            String known = phones.get(i % PHONES).phone().credentialId();
            String nobody = UUID.randomUUID().toString();
            if (i % 2 == 0) {
                existing.add(forged(intruder, foreignKey, known));
                unknown.add(forged(intruder, foreignKey, nobody));
            } else {
                unknown.add(forged(intruder, foreignKey, nobody));
                existing.add(forged(intruder, foreignKey, known));
            }
        }

        TALLY.cases(existing.size() + unknown.size());
        double existingMedian = medianMillis(existing, DeviceTiming::nanos);
        double unknownMedian = medianMillis(unknown, DeviceTiming::nanos);
        System.out.printf(Locale.ROOT, "[enumeration timing] device API, a request naming an existing phone vs no phone, signed by"
                        + " another key: %d tries each, interleaved; medians %.1f ms vs %.1f ms, difference %.1f ms%n",
                TRIES, existingMedian, unknownMedian, Math.abs(existingMedian - unknownMedian));
        assertEquals(1, existing.stream().map(DeviceTiming::answer).distinct().count(), "one refusal for existing phones");
        assertEquals(existing.get(0).answer(), unknown.get(0).answer(), "the same refusal for unknown phones");
        assertTrue(Math.abs(existingMedian - unknownMedian) < 20, "device API: " + existingMedian + " ms vs " + unknownMedian + " ms");
    }

    /** A pending-challenge fetch naming {@code credentialId}, signed by {@code key}; timed from the send to the answer. */
    private static DeviceTiming forged(PhoneApp phone, ECKey key, String credentialId) {
        String jws = DeviceRequests.sign(key, credentialId, phone.realm().endpoint(DeviceApi.PENDING_CHALLENGE),
                DeviceClient.newRequest(), Instant.now());
        long start = System.nanoTime();
        HttpReply reply = phone.device().send(DeviceApi.PENDING_CHALLENGE, jws, null);
        long nanos = System.nanoTime() - start;
        assertEquals(401, reply.status(), reply.body());
        TALLY.status(reply.status());
        return new DeviceTiming(nanos, reply.status() + " " + reply.problem().type() + " " + reply.problem().detail());
    }

    /** Keycloak's flow as ours was before issue 14's fix: choose user, Keycloak's reset-credential-email, new password. */
    private String keycloakResetFlow() {
        var flows = realm.admin().flows();
        if (flows.getFlows().stream().noneMatch(f -> BASELINE_FLOW.equals(f.getAlias()))) {
            AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
            flow.setAlias(BASELINE_FLOW);
            flow.setProviderId("basic-flow");
            flow.setTopLevel(true);
            flow.setBuiltIn(false);
            try (var created = flows.createFlow(flow)) {
                assertEquals(201, created.getStatus(), "baseline flow: " + created.readEntity(String.class));
            }
            for (String step : List.of("reset-credentials-choose-user", "reset-credential-email", "reset-password")) {
                flows.addExecution(BASELINE_FLOW, Map.of("provider", step));
            }
            for (AuthenticationExecutionInfoRepresentation execution : flows.getExecutions(BASELINE_FLOW)) {
                execution.setRequirement("REQUIRED");
                flows.updateExecutions(BASELINE_FLOW, execution);
            }
        }
        return BASELINE_FLOW;
    }

    private <T> T withResetFlow(String alias, java.util.function.Supplier<T> measure) {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setResetCredentialsFlow(alias);
        realm.admin().update(rep);
        try {
            return measure.get();
        } finally {
            RealmRepresentation back = realm.admin().toRepresentation();
            back.setResetCredentialsFlow(RESET_FLOW);
            realm.admin().update(back);
        }
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

    private static <T> double medianMillis(List<T> timings, java.util.function.ToLongFunction<T> part) {
        long[] sorted = timings.stream().mapToLong(part).sorted().toArray();
        long median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return median / 1_000_000.0;
    }
}
