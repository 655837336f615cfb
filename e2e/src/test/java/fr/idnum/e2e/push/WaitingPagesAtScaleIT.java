package fr.idnum.e2e.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.KeycloakProcess;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.PushSettings;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.Challenges;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * 500 waiting pages on one node at once, each asking as the page's script does (a held request, asked again when
 * the hold ends): the server holds them without a thread each (its thread count barely moves and it answers another
 * request meanwhile), and the pages of the sign-ins the phone approves are answered at once. Prints the threads
 * and heap before and during, and how soon the approved pages learned it.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class WaitingPagesAtScaleIT {

    private static final int SIGN_INS = 5;
    private static final int PAGES_PER_SIGN_IN = 100;
    private static final int PAGES = SIGN_INS * PAGES_PER_SIGN_IN;
    private static final int APPROVED_SIGN_INS = 2;

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    /** One waiting page: asks until the answer is not "pending", or until told to stop. */
    private static final class Page {
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        volatile long answeredAt;
        final AtomicInteger requests = new AtomicInteger();
        /** A question of this page is at the server: the server answers only at a change or the hold's end. */
        volatile boolean asking;

        void ask(URI[] waitUrls, Browser browser, boolean pushFailed, AtomicBoolean stop) {
            requests.incrementAndGet();
            asking = true;
            browser.fetchAsync(waitUrls[pushFailed ? 1 : 0]).whenComplete((response, error) -> {
                asking = false;
                if (error != null || response.statusCode() != 200) {
                    outcome.complete(error != null ? "error " + error : "HTTP " + response.statusCode() + " " + response.body());
                } else if (!response.body().contains("\"pending\"")) {
                    answeredAt = System.nanoTime();
                    outcome.complete(response.body());
                } else if (stop.get()) {
                    outcome.complete("stopped");
                } else {
                    ask(waitUrls, browser, response.body().contains("\"push_failed\":true"), stop);
                }
            });
        }
    }

    @Test
    void fiveHundredWaitingPagesHoldNoThreadEach() throws Exception {
        PushSettings.with(realm, PushSettings.MAX_WAITS_PER_SIGN_IN, String.valueOf(PAGES_PER_SIGN_IN), this::measure);
    }

    private void measure() throws Exception {
        KeycloakProcess keycloak = KeycloakProcess.find();
        List<Enrollments.Citizen> citizens = new ArrayList<>();
        List<PushLogin> logins = new ArrayList<>();
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < SIGN_INS; i++) {
            Enrollments.Citizen citizen = Enrollments.activated(realm);
            Browser browser = new Browser();
            citizens.add(citizen);
            browsers.add(browser);
            logins.add(PushLogin.start(browser, rp.authorize("openid").acrValues("eidas2").uri(), citizen.username()));
        }
        List<Challenges.Challenge> challenges = new ArrayList<>();
        for (Enrollments.Citizen citizen : citizens) {
            challenges.add(citizen.phone().awaitChallenge(Duration.ofSeconds(10)));
        }
        Thread.sleep(2000);
        int threadsBefore = keycloak.threads();
        double heapBefore = keycloak.liveHeapMiB();

        AtomicBoolean stop = new AtomicBoolean();
        List<List<Page>> pages = new ArrayList<>();
        long sentAt = System.nanoTime();
        for (int i = 0; i < SIGN_INS; i++) {
            PushLogin login = logins.get(i);
            boolean pushFailed = login.status().contains("\"push_failed\":true");
            URI[] waitUrls = {login.waitUrl(false), login.waitUrl(true)};
            List<Page> own = new ArrayList<>();
            for (int p = 0; p < PAGES_PER_SIGN_IN; p++) {
                Page page = new Page();
                page.ask(waitUrls, browsers.get(i), pushFailed, stop);
                own.add(page);
                // Pages open one after the other, as citizens' do (here about 500 a second), not in one burst.
                Thread.sleep(2);
            }
            pages.add(own);
        }
        long sendingMillis = (System.nanoTime() - sentAt) / 1_000_000;
        // All sent; give the server the time to take the last ones in, then look while they are held (the jcmd heap
        // reading, which takes seconds, comes after the approvals). On a slow machine the first pages' holds may
        // already have ended: they asked again at once and are held again.
        Thread.sleep(1000);
        // Held: a page with a question at the server (it answers only at a change or the hold's end).
        long outstanding = pages.stream().flatMap(List::stream).filter(p -> p.asking).count();
        long answeredEarly = pages.stream().flatMap(List::stream).filter(p -> p.outcome.isDone()).count();
        int threadsDuring = keycloak.threads();
        // Another request while they are held: were a worker thread parked per page (the pool has far fewer than
        // 500), it would be answered only once holds end and threads come free.
        long otherStart = System.nanoTime();
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(TestEnvironment.ISSUER + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        long otherMillis = (System.nanoTime() - otherStart) / 1_000_000;
        long heldForMillis = (System.nanoTime() - sentAt) / 1_000_000;
        long askedAgainBeforeOther = pages.stream().flatMap(List::stream).filter(p -> p.requests.get() > 1 || p.outcome.isDone()).count();

        long[] approvedAt = new long[APPROVED_SIGN_INS];
        for (int i = 0; i < APPROVED_SIGN_INS; i++) {
            citizens.get(i).phone().approve(challenges.get(i), Enrollments.PIN, logins.get(i).number());
            approvedAt[i] = System.nanoTime();
        }
        List<Long> approvedLatencies = new ArrayList<>();
        for (int i = 0; i < APPROVED_SIGN_INS; i++) {
            for (Page page : pages.get(i)) {
                String body = page.outcome.get(IdnumServerConfig.STATUS_HOLD_SECONDS + 10, TimeUnit.SECONDS);
                assertTrue(body.contains("\"approved\""), body);
                approvedLatencies.add(Math.max(0, page.answeredAt - approvedAt[i]) / 1_000_000);
            }
        }
        // The pages nobody approved are still waiting (held again if their first hold ended meanwhile).
        Thread.sleep(500);
        long heldForHeap = pages.subList(APPROVED_SIGN_INS, SIGN_INS).stream().flatMap(List::stream).filter(p -> p.asking).count();
        double heapDuring = keycloak.liveHeapMiB();
        stop.set(true);
        List<String> others = new ArrayList<>();
        for (int i = APPROVED_SIGN_INS; i < SIGN_INS; i++) {
            for (Page page : pages.get(i)) {
                others.add(page.outcome.get(IdnumServerConfig.STATUS_HOLD_SECONDS + 10, TimeUnit.SECONDS));
            }
        }
        int requests = pages.stream().flatMap(List::stream).mapToInt(p -> p.requests.get()).sum();
        List<Long> sorted = approvedLatencies.stream().sorted().toList();

        System.out.printf(Locale.ROOT, "[waiting pages] %d pages on one node, sent in %d ms: %d questions held at once, %d ms after the first was sent (hold %d s)%n",
                PAGES, sendingMillis, outstanding, heldForMillis, IdnumServerConfig.STATUS_HOLD_SECONDS);
        System.out.printf(Locale.ROOT, "[waiting pages] Keycloak threads: %d before, %d while held (+%d)%n",
                threadsBefore, threadsDuring, threadsDuring - threadsBefore);
        System.out.printf(Locale.ROOT, "[waiting pages] Keycloak live heap (after a full GC): %.0f MiB before, %.0f MiB with %d pages held (+%.0f MiB, %.1f KiB per page)%n",
                heapBefore, heapDuring, heldForHeap, heapDuring - heapBefore, heldForHeap == 0 ? 0 : (heapDuring - heapBefore) * 1024 / heldForHeap);
        System.out.printf(Locale.ROOT, "[waiting pages] another request while they were held: HTTP %d in %d ms; pages that had asked again by then: %d%n",
                other.statusCode(), otherMillis, askedAgainBeforeOther);
        System.out.printf(Locale.ROOT, "[waiting pages] %d pages of %d approved sign-ins answered after the approval: median %d ms, p95 %d ms, max %d ms%n",
                sorted.size(), APPROVED_SIGN_INS, sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                sorted.get(sorted.size() - 1));
        System.out.printf(Locale.ROOT, "[waiting pages] %d status requests in all for %d pages%n", requests, PAGES);

        assertEquals(0, answeredEarly, "no page learned anything while nothing happened");
        assertTrue(outstanding >= PAGES * 98 / 100, "(nearly) every page has its question held: " + outstanding);
        // A thread per page would grow Keycloak's worker pool to its maximum (50 by default): well beyond this.
        assertTrue(threadsDuring - threadsBefore < 25, "no thread per waiting page: " + threadsBefore + " -> " + threadsDuring);
        assertEquals(200, other.statusCode());
        // Were a worker thread parked per held page (the pool has far fewer than 500), another request would wait for
        // holds to end and threads to come free: up to a whole hold. Answered well within one, it was not queued behind
        // them (a page asking again at its hold's end is an ordinary short request, which the other may follow).
        assertTrue(otherMillis < IdnumServerConfig.STATUS_HOLD_SECONDS * 1000L, "the server answers others while the pages are held: "
                + otherMillis + " ms, " + askedAgainBeforeOther + " pages had asked again by then");
        assertTrue(others.stream().allMatch(body -> body.equals("stopped") || body.contains("\"pending\"")),
                "the sign-ins nobody approved stayed pending: " + others.stream().filter(b -> !b.equals("stopped")).findFirst().orElse(""));
    }
}
