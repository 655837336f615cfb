package fr.idnum.e2e.push;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.PushSettings;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.simulator.PhoneApp;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Benchmark, not a timed test: how long a citizen waits between approving on the phone and the browser
 * arriving at the relying party. Each sign-in's browser polls the status endpoint as the waiting page's script
 * does, from the moment the page is shown; the baseline, measured in the same run, is the same sign-in with a
 * browser that submits the instant the phone answered (what no polling could beat). Prints the figures.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class PushLatencyBenchmarkIT {

    private static final int LOGINS = 50;
    /** Each signs in 2 x LOGINS / CITIZENS times, within the limit per identifier (10 in any 15 minutes). */
    private static final int CITIZENS = 13;

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @Test
    void approvalToRedirectLatency() throws Exception {
        // Citizens sign in 2 x 50 times in a minute: above the push-fatigue limit, raised for the benchmark; the
        // limit per identifier (server-wide) is not, so the sign-ins are spread over several citizens.
        PushSettings.with(realm, PushSettings.MAX_CHALLENGES, "100", this::measure);
    }

    private void measure() throws Exception {
        List<Enrollments.Citizen> citizens = new ArrayList<>();
        for (int i = 0; i < CITIZENS; i++) {
            citizens.add(Enrollments.activated(realm));
        }
        List<Long> waited = new ArrayList<>();
        List<Long> learned = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        for (int i = 0; i < LOGINS; i++) {
            Enrollments.Citizen citizen = citizens.get(i % CITIZENS);
            PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            CompletableFuture<long[]> redirected = CompletableFuture.supplyAsync(() -> arrival(login));
            long[] after = approve(citizen.phone(), login, redirected);
            learned.add(after[0]);
            waited.add(after[1]);

            PushLogin baseline = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            long start = System.nanoTime();
            citizen.phone().approve(citizen.phone().awaitChallenge(java.time.Duration.ofSeconds(10)), Enrollments.PIN, baseline.number());
            assertTrue(baseline.check().leftKeycloak());
            direct.add(System.nanoTime() - start);
        }
        System.out.printf(Locale.ROOT, "push approval -> redirect over %d sign-ins (page long-polls the status):%n", LOGINS);
        System.out.printf(Locale.ROOT, "  page learns it: median %.0f ms, p95 %.0f ms, max %.0f ms (the held status request answered)%n",
                ms(percentile(learned, 50)), ms(percentile(learned, 95)), ms(percentile(learned, 100)));
        System.out.printf(Locale.ROOT, "  long-poll page : median %.0f ms, p95 %.0f ms, min %.0f ms, max %.0f ms%n",
                ms(percentile(waited, 50)), ms(percentile(waited, 95)), ms(percentile(waited, 0)), ms(percentile(waited, 100)));
        System.out.printf(Locale.ROOT, "  baseline       : median %.0f ms, p95 %.0f ms (browser submits the instant the phone answered)%n",
                ms(percentile(direct, 50)), ms(percentile(direct, 95)));
        System.out.printf(Locale.ROOT, "  ratio long-poll/baseline (median) %.2f%n", (double) percentile(waited, 50) / percentile(direct, 50));
        // The target (issue 13): the outcome within 100 ms of the answer, p95 at most 250 ms.
        assertTrue(percentile(waited, 95) <= 250_000_000L * 4, "a waiting page far slower than the target: p95 "
                + ms(percentile(waited, 95)) + " ms");
    }

    /**
     * The phone fetches and approves; returns the times from its approval to the page learning it (its held status
     * request answered) and to the browser's arrival at the relying party.
     */
    private static long[] approve(PhoneApp phone, PushLogin login, CompletableFuture<long[]> redirected)
            throws ExecutionException, InterruptedException {
        var challenge = phone.awaitChallenge(java.time.Duration.ofSeconds(10));
        // The citizen reads the phone for a while: the approval falls anywhere while the page's question is held.
        Thread.sleep(300 + java.util.concurrent.ThreadLocalRandom.current().nextInt(500));
        long approvedAt = System.nanoTime();
        phone.approve(challenge, Enrollments.PIN, login.number());
        long[] at = redirected.get();
        return new long[] {Math.max(0, at[0] - approvedAt), at[1] - approvedAt};
    }

    /** The page's script: long-polls until the outcome, then submits. Returns when it learned it, and arrived. */
    private static long[] arrival(PushLogin login) {
        boolean pushFailed = false;
        String body;
        do {
            var answer = login.awaitStatus(pushFailed);
            body = answer.body();
            if (answer.statusCode() != 200) {
                throw new AssertionError("the status endpoint refused the page: HTTP " + answer.statusCode() + " " + body);
            }
            pushFailed = body.contains("\"push_failed\":true");
        } while (body.contains("\"pending\""));
        long learnedAt = System.nanoTime();
        Browser.Result result = login.check();
        long arrivedAt = System.nanoTime();
        if (!result.leftKeycloak()) {
            throw new AssertionError("the sign-in did not reach the relying party: " + result.page().text());
        }
        return new long[] {learnedAt, arrivedAt};
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
