package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.Mailbox;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.QueryString;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.simulator.device.DeviceClient;
import fr.idnum.simulator.device.DeviceState;
import fr.idnum.simulator.http.HttpReply;
import fr.idnum.testsupport.CampaignTally;
import com.nimbusds.jose.jwk.ECKey;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
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
 * existing accounts, {@value #TRIES} unknown ones and {@value #TRIES} of accounts locked by wrong passwords, each
 * followed by a wrong password, interleaved (so that the machine's load weighs on all alike), timed at the identifier
 * step and at the password step. The password step is where a difference would be large: an existing account's
 * password is checked with the realm's hash (argon2id), and an unknown or locked one is answered after the same hash
 * of a dummy value ({@code PasswordAuthenticator}; Keycloak's own step refuses a locked account before any hash, with
 * its own message).
 * <p>
 * The bound, stated in docs/security-tests.md: the medians of an existing or locked account differ from an unknown
 * one's by less than a quarter of the password step's median (a step without the dummy hash answers in a few ms
 * against about 100: a difference of most of the median), and less than 20 ms at the identifier step (one user
 * look-up, found or not); and each step's page reads the same for all three (status, title, text, where it posts).
 * Wrong passwords to existing accounts are spread over {@value #ACCOUNTS} accounts, at most 4 each and seconds apart,
 * so that none gets locked; a new account is locked every {@value #TRIES_PER_LOCK} tries, so that each is tried well
 * within its lock, and after its tries its right password is refused alike and its lock is found as it was set.
 * <p>
 * An empty password (no hash for an existing account, so none for an unknown one) and the eidas2 identifier step
 * (the same "Aucun téléphone activé" page, as fast, for an unknown identifier, an account without a phone and one
 * whose phone is locked) are measured too.
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
    /**
     * Tries of one locked account before the next is locked: about 10 s of the test, well within the shortest lock
     * (60 s: two failures within a second, or five).
     */
    private static final int TRIES_PER_LOCK = 20;
    private static final int EMPTY_PASSWORD_TRIES = 60;
    private static final int EMPTY_PASSWORD_ACCOUNTS = 10;
    /** eidas2 tries of each kind; one identifier starts at most 10 eidas2 sign-ins in 15 minutes (IdentifierAuthenticator). */
    private static final int EIDAS2_TRIES = 96;
    private static final int EIDAS2_TRIES_PER_IDENTIFIER = 8;
    private static final int LOCKED_PHONES = 3;
    /** Tries of each locked phone's identifier, after the sign-in that locked it. */
    private static final int EIDAS2_LOCKED_PHONE_TRIES = 8;
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

    /** One eidas1 sign-in: each step's time, and each step's page as {@link #shape}. */
    private record Timing(long identifierNanos, long passwordNanos, String passwordPage, String refusal) {
    }

    /** One eidas2 identifier step: how long it took, the page as {@link #shape}. */
    private record Eidas2Timing(long nanos, String page) {
    }

    /** The identifiers the eidas1 sign-in test compares. */
    private enum Kind { EXISTING, UNKNOWN, LOCKED }

    /** The orders the three kinds are tried in, in turn, so that none is always first after the others' load. */
    private static final List<List<Kind>> ORDERS = List.of(
            List.of(Kind.EXISTING, Kind.UNKNOWN, Kind.LOCKED), List.of(Kind.UNKNOWN, Kind.LOCKED, Kind.EXISTING),
            List.of(Kind.LOCKED, Kind.EXISTING, Kind.UNKNOWN), List.of(Kind.EXISTING, Kind.LOCKED, Kind.UNKNOWN),
            List.of(Kind.LOCKED, Kind.UNKNOWN, Kind.EXISTING), List.of(Kind.UNKNOWN, Kind.EXISTING, Kind.LOCKED));

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
    void existingUnknownAndLockedAccountsTakeAsLongAtTheIdentifierAndPasswordSteps() {
        List<String> accounts = citizens(ACCOUNTS);
        warmUp(identifier -> attempt(identifier, WRONG_PASSWORD));
        Map<Kind, List<Timing>> timings = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            timings.put(kind, new ArrayList<>());
        }
        List<Timing> rightPasswords = new ArrayList<>();
        LockedAccount locked = null;
        for (int i = 0; i < TRIES; i++) {
            if (i % TRIES_PER_LOCK == 0) {
                if (locked != null) {
                    rightPasswords.add(locked.assertStillLockedAsItWas());
                }
                locked = new LockedAccount();
            }
            String account = accounts.get(i % ACCOUNTS);
            String nobody = "citizen-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
            for (Kind kind : ORDERS.get(i % ORDERS.size())) {
                String username = switch (kind) {
                    case EXISTING -> account;
                    case UNKNOWN -> nobody;
                    case LOCKED -> locked.username();
                };
                timings.get(kind).add(attempt(username, WRONG_PASSWORD));
            }
        }
        rightPasswords.add(locked.assertStillLockedAsItWas());

        TALLY.cases(timings.values().stream().mapToLong(List::size).sum() + rightPasswords.size());
        Map<Kind, double[]> medians = new EnumMap<>(Kind.class);
        timings.forEach((kind, list) -> medians.put(kind,
                new double[] {medianMillis(list, Timing::identifierNanos), medianMillis(list, Timing::passwordNanos)}));
        System.out.printf(Locale.ROOT, "[enumeration timing] %d tries each, interleaved; medians: identifier step %.1f ms (existing) vs %.1f ms (unknown)"
                        + " vs %.1f ms (locked); password step %.1f ms vs %.1f ms vs %.1f ms; differences to the unknown account:"
                        + " existing %.1f / %.1f ms, locked %.1f / %.1f ms (%.0f %% of the median)%n",
                TRIES, medians.get(Kind.EXISTING)[0], medians.get(Kind.UNKNOWN)[0], medians.get(Kind.LOCKED)[0],
                medians.get(Kind.EXISTING)[1], medians.get(Kind.UNKNOWN)[1], medians.get(Kind.LOCKED)[1],
                Math.abs(medians.get(Kind.EXISTING)[0] - medians.get(Kind.UNKNOWN)[0]),
                Math.abs(medians.get(Kind.EXISTING)[1] - medians.get(Kind.UNKNOWN)[1]),
                Math.abs(medians.get(Kind.LOCKED)[0] - medians.get(Kind.UNKNOWN)[0]),
                Math.abs(medians.get(Kind.LOCKED)[1] - medians.get(Kind.UNKNOWN)[1]),
                100 * Math.abs(medians.get(Kind.LOCKED)[1] - medians.get(Kind.UNKNOWN)[1])
                        / Math.max(medians.get(Kind.LOCKED)[1], medians.get(Kind.UNKNOWN)[1]));

        // Every check reported at once (assertAll), content and time: a run shows all that differs, not the first.
        // The same content: each step's page reads the same (status, title, text, where its form posts; the identifier
        // left out), whoever the identifier names.
        List<Executable> checks = new ArrayList<>();
        String passwordPage = timings.get(Kind.UNKNOWN).get(0).passwordPage();
        String refusal = timings.get(Kind.UNKNOWN).get(0).refusal();
        for (Kind kind : Kind.values()) {
            checks.add(() -> assertEquals(Set.of(passwordPage), timings.get(kind).stream().map(Timing::passwordPage).collect(Collectors.toSet()),
                    "password page, " + kind));
            checks.add(() -> assertEquals(Set.of(refusal), timings.get(kind).stream().map(Timing::refusal).collect(Collectors.toSet()),
                    "refusal, " + kind));
        }
        checks.add(() -> assertEquals(Set.of(refusal), rightPasswords.stream().map(Timing::refusal).collect(Collectors.toSet()),
                "the right password of a locked account gets a wrong password's refusal"));
        double identifierUnknown = medians.get(Kind.UNKNOWN)[0];
        double passwordUnknown = medians.get(Kind.UNKNOWN)[1];
        for (Kind kind : List.of(Kind.EXISTING, Kind.LOCKED)) {
            double identifier = medians.get(kind)[0];
            double password = medians.get(kind)[1];
            checks.add(() -> assertTrue(Math.abs(identifier - identifierUnknown) < 20,
                    "identifier step, " + kind + ": " + identifier + " ms vs " + identifierUnknown + " ms (unknown)"));
            checks.add(() -> assertTrue(Math.abs(password - passwordUnknown) < Math.max(password, passwordUnknown) / 4,
                    "password step, " + kind + ": " + password + " ms vs " + passwordUnknown + " ms (unknown)"));
        }
        double lockedPassword = medians.get(Kind.LOCKED)[1];
        double existingPassword = medians.get(Kind.EXISTING)[1];
        checks.add(() -> assertTrue(Math.abs(lockedPassword - existingPassword) < Math.max(lockedPassword, existingPassword) / 4,
                "password step, locked vs existing: " + lockedPassword + " ms vs " + existingPassword + " ms"));
        assertAll(checks);
    }

    /**
     * An empty password is refused without a hash for an existing account (Keycloak's step, which does not count it as
     * a failure): an unknown account's must not be hashed either, or its refusal takes the hash's 100 ms longer.
     */
    @Test
    void anEmptyPasswordIsRefusedAlikeAndAsFastWhateverTheAccount() {
        List<String> accounts = citizens(EMPTY_PASSWORD_ACCOUNTS);
        warmUp(identifier -> attempt(identifier, ""));
        List<Timing> existing = new ArrayList<>();
        List<Timing> unknown = new ArrayList<>();
        for (int i = 0; i < EMPTY_PASSWORD_TRIES; i++) {
            String account = accounts.get(i % EMPTY_PASSWORD_ACCOUNTS);
            String nobody = "citizen-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
            if (i % 2 == 0) {
                existing.add(attempt(account, ""));
                unknown.add(attempt(nobody, ""));
            } else {
                unknown.add(attempt(nobody, ""));
                existing.add(attempt(account, ""));
            }
        }

        TALLY.cases(existing.size() + unknown.size());
        double existingMedian = medianMillis(existing, Timing::passwordNanos);
        double unknownMedian = medianMillis(unknown, Timing::passwordNanos);
        System.out.printf(Locale.ROOT, "[enumeration timing] empty password, %d tries each, interleaved; password step medians %.1f ms (existing)"
                        + " vs %.1f ms (unknown), difference %.1f ms%n",
                EMPTY_PASSWORD_TRIES, existingMedian, unknownMedian, Math.abs(existingMedian - unknownMedian));
        String refusal = unknown.get(0).refusal();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(Set.of(refusal), existing.stream().map(Timing::refusal).collect(Collectors.toSet()),
                "an existing account's refusal is an unknown one's"));
        checks.add(() -> assertEquals(Set.of(refusal), unknown.stream().map(Timing::refusal).collect(Collectors.toSet()),
                "one refusal for unknown accounts"));
        checks.add(() -> assertTrue(Math.abs(existingMedian - unknownMedian) < 20,
                "empty password: " + existingMedian + " ms vs " + unknownMedian + " ms"));
        for (String account : accounts) {
            String userId = realm.admin().users().search(account, true).get(0).getId();
            int failures = ((Number) realm.admin().attackDetection().bruteForceUserStatus(userId).get("numFailures")).intValue();
            checks.add(() -> assertEquals(0, failures, "an empty password is not counted as a failure: " + account));
        }
        assertAll(checks);
    }

    /**
     * At eidas2 the identifier step ends on the "Aucun téléphone activé" page for every identifier that cannot sign in
     * there: an unknown one, an account without a phone, an account whose phone three wrong codes locked. The same page,
     * as fast. (An activated phone leads to the waiting page: that difference is deliberate, docs/threat-model.md.)
     */
    @Test
    void everyIdentifierWithoutAnActivePhoneGetsTheSameEidas2PageAsFast() {
        List<String> withoutPhone = citizens(EIDAS2_TRIES / EIDAS2_TRIES_PER_IDENTIFIER);
        List<String> lockedPhones = new ArrayList<>();
        for (int i = 0; i < LOCKED_PHONES; i++) {
            lockedPhones.add(withLockedPhone());
        }
        warmUp(this::eidas2);
        List<Eidas2Timing> unknown = new ArrayList<>();
        List<Eidas2Timing> noPhone = new ArrayList<>();
        List<Eidas2Timing> lockedPhone = new ArrayList<>();
        int lockedEvery = EIDAS2_TRIES / (LOCKED_PHONES * EIDAS2_LOCKED_PHONE_TRIES);
        for (int i = 0; i < EIDAS2_TRIES; i++) {
            String nobody = "citizen-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
            String account = withoutPhone.get(i / EIDAS2_TRIES_PER_IDENTIFIER);
            boolean withLocked = i % lockedEvery == 0;
            String locked = lockedPhones.get((i / lockedEvery) % LOCKED_PHONES);
            if (i % 2 == 0) {
                unknown.add(eidas2(nobody));
                noPhone.add(eidas2(account));
                if (withLocked) {
                    lockedPhone.add(eidas2(locked));
                }
            } else {
                if (withLocked) {
                    lockedPhone.add(eidas2(locked));
                }
                noPhone.add(eidas2(account));
                unknown.add(eidas2(nobody));
            }
        }

        TALLY.cases(unknown.size() + noPhone.size() + lockedPhone.size());
        double unknownMedian = medianMillis(unknown, Eidas2Timing::nanos);
        double noPhoneMedian = medianMillis(noPhone, Eidas2Timing::nanos);
        double lockedMedian = medianMillis(lockedPhone, Eidas2Timing::nanos);
        System.out.printf(Locale.ROOT, "[enumeration timing] eidas2 identifier step, interleaved; medians %.1f ms (unknown, %d tries) vs %.1f ms"
                        + " (no phone, %d) vs %.1f ms (phone locked by wrong codes, %d); differences %.1f and %.1f ms%n",
                unknownMedian, unknown.size(), noPhoneMedian, noPhone.size(), lockedMedian, lockedPhone.size(),
                Math.abs(noPhoneMedian - unknownMedian), Math.abs(lockedMedian - unknownMedian));
        String page = unknown.get(0).page();
        assertAll(
                () -> assertEquals(Set.of(page), unknown.stream().map(Eidas2Timing::page).collect(Collectors.toSet()),
                        "one page for unknown identifiers"),
                () -> assertEquals(Set.of(page), noPhone.stream().map(Eidas2Timing::page).collect(Collectors.toSet()),
                        "an account without a phone gets the unknown identifier's page"),
                () -> assertEquals(Set.of(page), lockedPhone.stream().map(Eidas2Timing::page).collect(Collectors.toSet()),
                        "an account whose phone is locked gets the unknown identifier's page"),
                () -> assertTrue(Math.abs(noPhoneMedian - unknownMedian) < 20,
                        "eidas2, no phone: " + noPhoneMedian + " ms vs " + unknownMedian + " ms"),
                () -> assertTrue(Math.abs(lockedMedian - unknownMedian) < 20,
                        "eidas2, locked phone: " + lockedMedian + " ms vs " + unknownMedian + " ms"));
    }

    /** A citizen whose activated phone three wrong 4-digit codes locked, in one eidas2 sign-in (one of the identifier's requests). */
    private String withLockedPhone() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(Duration.ofSeconds(10));
        DeviceApiProblem last = null;
        for (int i = 0; i < 3; i++) {
            last = assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, "1397", login.number()));
        }
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, last.type(), "the phone is locked");
        return citizen.username();
    }

    /** The eidas2 identifier step, timed from the submission to the page; the page as {@link #shape}. */
    private Eidas2Timing eidas2(String username) {
        Browser browser = new Browser();
        Browser.Result identifierPage = browser.open(rp.authorize("openid").acrValues("eidas2").uri());
        Login.assertPage(identifierPage, "username");
        long start = System.nanoTime();
        Browser.Result answer = browser.submit(identifierPage.page(), Login.LOGIN_FORM, Map.of("username", username));
        long nanos = System.nanoTime() - start;
        TALLY.status(answer.status());
        assertNotNull(answer.page().selectFirst("#idnum-no-device"), answer.page().text());
        return new Eidas2Timing(nanos, shape(answer, username));
    }

    @Test
    void existingAndUnknownAddressesTakeAsLongOnTheForgottenPasswordPage() {
        List<String> accounts = citizens(RESET_ACCOUNTS);
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

    /** {@code count} new citizens with a password (no phone), their usernames. */
    private List<String> citizens(int count) {
        List<String> usernames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            usernames.add(Citizens.create(realm, Map.of()));
        }
        return usernames;
    }

    /** {@link #WARM_UP} untimed tries of {@code step} with addresses no account has, before a measure. */
    private static void warmUp(java.util.function.Consumer<String> step) {
        for (int i = 0; i < WARM_UP; i++) {
            step.accept("warm-up-" + UUID.randomUUID() + "@example.fr");
        }
    }

    /** Medians in ms of the e-mail step for existing accounts then unknown addresses, {@code tries} each, interleaved. */
    private double[] resetMedians(List<String> accounts, int tries) {
        warmUp(this::reset);
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

    /** One eidas1 sign-in with {@code password}, refused; the two steps timed from the submission to the page. */
    private Timing attempt(String username, String password) {
        Browser browser = new Browser();
        Browser.Result identifierPage = browser.open(rp.authorize("openid").acrValues("eidas1").uri());
        Login.assertPage(identifierPage, "username");
        long start = System.nanoTime();
        Browser.Result passwordPage = browser.submit(identifierPage.page(), Login.LOGIN_FORM, Map.of("username", username));
        long identifierNanos = System.nanoTime() - start;
        Login.assertPage(passwordPage, "password");
        start = System.nanoTime();
        Browser.Result refused = browser.submit(passwordPage.page(), Login.LOGIN_FORM, Map.of("password", password));
        long passwordNanos = System.nanoTime() - start;
        Login.assertPage(refused, "password");
        return new Timing(identifierNanos, passwordNanos, shape(passwordPage, username), shape(refused, username));
    }

    /**
     * What a page tells: its status, title and whole text (the identifier typed left out), and where each of its forms
     * posts (path and step, {@code execution}; the session's own parameters left out).
     */
    private static String shape(Browser.Result result, String username) {
        Document page = result.page();
        String actions = page.select("form[action]").stream().map(form -> {
            URI action = URI.create(form.attr("action"));
            return action.getPath() + "?execution=" + QueryString.parse(action.getRawQuery()).get("execution");
        }).collect(Collectors.joining(" "));
        return result.status() + " | " + page.title() + " | " + page.body().text().replace(username, "<identifier>") + " | " + actions;
    }

    /** An account locked by wrong passwords (the realm's brute-force protection), and its lock as it was set. */
    private final class LockedAccount {

        private final String username;
        private final String userId;
        private final Map<String, Object> lockedStatus;

        /** A new account, given wrong passwords until it is locked (2 within a second, or 5). */
        LockedAccount() {
            username = Citizens.create(realm, Map.of());
            userId = realm.admin().users().search(username, true).get(0).getId();
            Map<String, Object> status = lockStatus();
            for (int i = 0; i < 10 && !Boolean.TRUE.equals(status.get("disabled")); i++) {
                Login.withPassword(new Browser(), rp.authorize("openid").acrValues("eidas1").uri(), username, "Pas-Le-Bon-2026-Verrou");
                status = lockStatus();
            }
            assertEquals(Boolean.TRUE, status.get("disabled"), "locked: " + status);
            lockedStatus = status;
        }

        String username() {
            return username;
        }

        /**
         * The right password is refused as a wrong one (the refusal returned); and no guess made during the lock, nor
         * the right password, changed the lock: the same failures, the same end, still ahead.
         */
        Timing assertStillLockedAsItWas() {
            Timing right = attempt(username, Citizens.PASSWORD);
            Map<String, Object> now = lockStatus();
            for (String key : List.of("disabled", "numFailures", "numTemporaryLockouts", "lastFailure", "failedLoginNotBefore")) {
                assertEquals(lockedStatus.get(key), now.get(key), key + " of a locked account after guesses: " + now + ", was " + lockedStatus);
            }
            assertNotNull(now.get("failedLoginNotBefore"), "the lock's end: " + now);
            // failedLoginNotBefore is in seconds (lastFailure in milliseconds).
            assertTrue(((Number) now.get("failedLoginNotBefore")).longValue() * 1000 > System.currentTimeMillis(), "still locked: " + now);
            return right;
        }

        private Map<String, Object> lockStatus() {
            return realm.admin().attackDetection().bruteForceUserStatus(userId);
        }
    }

    private static <T> double medianMillis(List<T> timings, java.util.function.ToLongFunction<T> part) {
        long[] sorted = timings.stream().mapToLong(part).sorted().toArray();
        long median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return median / 1_000_000.0;
    }
}
