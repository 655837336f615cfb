package fr.idnum.enrollment.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import fr.idnum.enrollment.activation.InternalActivationResource;
import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.SignedTokens;
import fr.idnum.enrollment.support.TestClock;
import fr.idnum.testsupport.CampaignTally;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Whether another citizen's enrollment holds a mobile number, an e-mail address or an activation code cannot be told
 * from the service's answers, in content nor in time (issue 14; e2e {@code EnumerationTimingIT} for Keycloak's side).
 * The service keeps one enrollment per citizen (token {@code sub}) and compares nothing across citizens: a number or
 * an address already used elsewhere is accepted as any other, and a redemption compares the code with the subject's
 * own enrollment only. Measured as {@code EnumerationTimingIT} does: {@value #TRIES} tries of each kind, interleaved,
 * with real bearer tokens on the real PostgreSQL; the medians must differ by less than {@value #BOUND_MS} ms.
 */
@QuarkusTest
@Order(6)
@TestProfile(EnumerationTimingTest.RealTokens.class)
class EnumerationTimingTest {

    private static final int TRIES = 200;
    private static final int WARM_UP = 20;
    private static final double BOUND_MS = 20;
    /** Wrong codes per attacker's own code: the fifth would kill it, and a dead code is answered without comparing. */
    private static final int TRIES_PER_CODE = 4;
    /** One case per timed answer (the set-up's requests are not cases), for the campaign's totals. */
    private static final CampaignTally TALLY = new CampaignTally();

    /** The OIDC key of {@link SignedTokens}: every request carries a real signed bearer token. */
    public static class RealTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SignedTokens.config();
        }
    }

    @Inject
    Journeys journeys;
    @Inject
    TestClock clock;

    @AfterAll
    static void tally() {
        TALLY.write(EnumerationTimingTest.class);
    }

    @Test
    void aNumberAndAnAddressAnotherCitizenAlreadyUsesStartAnEnrollmentAsFastAsFreshOnes() {
        List<Map<String, Object>> used = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> identity = identity("victim");
            start("victim-" + UUID.randomUUID(), identity).then().statusCode(201);
            used.add(identity);
        }
        for (int i = 0; i < WARM_UP; i++) {
            start("warm-" + UUID.randomUUID(), identity("warm")).then().statusCode(201);
        }
        List<Long> reused = new ArrayList<>();
        List<Long> fresh = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            Map<String, Object> victim = used.get(i % used.size());
            Map<String, Object> copy = identity("copy");
            copy.put("mobilePhone", victim.get("mobilePhone"));
            copy.put("email", victim.get("email"));
            Supplier<Long> withUsed = () -> timed(() -> start("probe-" + UUID.randomUUID(), copy), 201);
            Supplier<Long> withFresh = () -> timed(() -> start("probe-" + UUID.randomUUID(), identity("fresh")), 201);
            interleave(i, reused, withUsed, fresh, withFresh);
        }
        double[] medians = report("start of an enrollment, number and address used by another citizen vs unused", reused, fresh);
        assertTrue(Math.abs(medians[0] - medians[1]) < BOUND_MS, medians[0] + " ms vs " + medians[1] + " ms");
    }

    @Test
    void aNumberAnotherCitizenAlreadyUsesIsTakenAsANewNumberAsFastAsAFreshOne() {
        List<String> citizens = new ArrayList<>();
        for (int i = 0; i < 2 * TRIES + WARM_UP; i++) {
            String subject = "changer-" + UUID.randomUUID();
            journeys.phoneVerified(subject, "TIMING", String.format(Locale.ROOT, "5%07d", i));
            citizens.add(subject);
        }
        // Past the 60 s between two codes of the phone check: each change texts a code to the new number.
        clock.advance(Duration.ofMinutes(2));
        try {
            for (int i = 0; i < WARM_UP; i++) {
                changeNumber(citizens.get(2 * TRIES + i), freshNumber()).then().statusCode(202);
            }
            List<Long> used = new ArrayList<>();
            List<Long> fresh = new ArrayList<>();
            for (int i = 0; i < TRIES; i++) {
                String first = citizens.get(2 * i);
                String second = citizens.get(2 * i + 1);
                // Another citizen's proven number (the next pair's, still theirs while this one is timed).
                String othersNumber = String.format(Locale.ROOT, "065%07d", (2 * i + 2) % (2 * TRIES));
                Supplier<Long> withUsed = () -> timed(() -> changeNumber(first, othersNumber), 202);
                Supplier<Long> withFresh = () -> timed(() -> changeNumber(second, freshNumber()), 202);
                interleave(i, used, withUsed, fresh, withFresh);
            }
            double[] medians = report("change of mobile number, to a number another citizen uses vs an unused one", used, fresh);
            assertTrue(Math.abs(medians[0] - medians[1]) < BOUND_MS, medians[0] + " ms vs " + medians[1] + " ms");
        } finally {
            clock.reset();
        }
    }

    @Test
    void anotherCitizensLiveActivationCodeIsAsWrongAndAsFastAsACodeNobodyHolds() {
        int attackers = 2 * TRIES / TRIES_PER_CODE;
        List<Journeys.AwaitingCheck> verified = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (int i = 0; i < attackers + 1; i++) {
            Journeys.AwaitingCheck citizen = journeys.verified("redeemer-" + UUID.randomUUID(), "TIMING",
                    String.format(Locale.ROOT, "4%07d", i));
            verified.add(citizen);
            live.add(citizen.activationCode());
        }
        for (int i = 0; i < WARM_UP; i++) {
            redeem("nobody-" + UUID.randomUUID(), "123456").then().statusCode(404);
        }
        List<Long> others = new ArrayList<>();
        List<Long> nobodys = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (int a = 0; a < attackers; a++) {
            String subject = verified.get(a).subject();
            String ownCode = verified.get(a).activationCode();
            String othersCode = verified.get(a + 1).activationCode(); // live: its owner's wrong tries are not its own
            int[] left = {5};
            for (int pair = 0; pair < TRIES_PER_CODE / 2; pair++) {
                Supplier<Long> withOthers = () -> wrongCode(subject, othersCode, --left[0], answers);
                Supplier<Long> withNobodys = () -> wrongCode(subject, codeNobodyHolds(live, ownCode), --left[0], answers);
                // Each kind comes first, and meets each attempts_left, as often as the other.
                interleave(a + pair, others, withOthers, nobodys, withNobodys);
            }
        }
        assertEquals(1, answers.stream().distinct().count(), "one refusal for both kinds: " + new HashSet<>(answers));
        double[] medians = report("activation-code redemption, another citizen's live code vs a code nobody holds", others, nobodys);
        assertTrue(Math.abs(medians[0] - medians[1]) < BOUND_MS, medians[0] + " ms vs " + medians[1] + " ms");
    }

    // --- The requests.

    private static Response start(String subject, Map<String, Object> identity) {
        return RestAssured.given().auth().oauth2(SignedTokens.citizen(subject)).contentType(ContentType.JSON).body(identity)
                .post("/api/v1/enrollments");
    }

    private static Response changeNumber(String subject, String number) {
        return RestAssured.given().auth().oauth2(SignedTokens.citizen(subject)).contentType(ContentType.JSON)
                .body(Map.of("mobilePhone", number)).post("/api/v1/enrollments/current/mobile-phone");
    }

    private static String freshNumber() {
        return String.format(Locale.ROOT, "07%08d", java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static Response redeem(String subject, String code) {
        return RestAssured.given().auth().oauth2(SignedTokens.service(InternalActivationResource.ROLE)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("subject", subject, "activationCode", code)).post("/api/v1/internal/activations");
    }

    /** A wrong code, answered 400 with the attempts left after it; the problem's type kept for comparison. */
    private static long wrongCode(String subject, String code, int leftAfter, List<String> answers) {
        long[] nanos = new long[1];
        Response answer = timedResponse(() -> redeem(subject, code), nanos);
        TALLY.answered(answer.statusCode());
        answer.then().statusCode(400).body("attempts_left", org.hamcrest.Matchers.equalTo(leftAfter));
        answers.add(answer.path("type"));
        return nanos[0];
    }

    private static String codeNobodyHolds(Set<String> live, String ownCode) {
        while (true) {
            String code = String.format(Locale.ROOT, "%06d", java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000));
            if (!live.contains(code) && !code.equals(ownCode)) {
                return code;
            }
        }
    }

    private static Map<String, Object> identity(String kind) {
        Map<String, Object> identity = new HashMap<>(Identities.valid());
        identity.put("mobilePhone", freshNumber());
        identity.put("email", kind + "-" + UUID.randomUUID() + "@example.fr");
        return identity;
    }

    // --- The measure.

    private static long timed(Supplier<Response> request, int expectedStatus) {
        long[] nanos = new long[1];
        Response answer = timedResponse(request, nanos);
        TALLY.answered(answer.statusCode());
        answer.then().statusCode(expectedStatus);
        return nanos[0];
    }

    private static Response timedResponse(Supplier<Response> request, long[] nanos) {
        long start = System.nanoTime();
        Response answer = request.get();
        answer.asByteArray();
        nanos[0] = System.nanoTime() - start;
        return answer;
    }

    /** Try {@code i} of each kind, the first kind first on even tries, so that the machine's load weighs on both alike. */
    private static void interleave(int i, List<Long> first, Supplier<Long> firstTry, List<Long> second, Supplier<Long> secondTry) {
        if (i % 2 == 0) {
            first.add(firstTry.get());
            second.add(secondTry.get());
        } else {
            second.add(secondTry.get());
            first.add(firstTry.get());
        }
    }

    private static double[] report(String what, List<Long> first, List<Long> second) {
        double[] medians = {median(first), median(second)};
        System.out.printf(Locale.ROOT, "[enumeration timing] %s: %d tries each, interleaved; medians %.1f ms vs %.1f ms, "
                + "difference %.1f ms%n", what, first.size(), medians[0], medians[1], Math.abs(medians[0] - medians[1]));
        return medians;
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        int n = sorted.size();
        double middle = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return middle / 1_000_000.0;
    }
}
