package fr.idnum.keycloak.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

/**
 * The access token of Keycloak's service client, shared by every request of this node. It is renewed ahead of its
 * expiry, off the request threads: halfway through its usable life one renewal runs in the background — on a timer
 * set when the token came in, so a token does not lapse while the node is idle and a burst arriving later finds one
 * in force; a request that notices the moment first starts it itself — while requests go on with the token in force.
 * A request waits only when no token is usable at all (the first call, after the enrollment service refused one, or
 * after renewals failed for the token's whole life), and then every such request waits on the same single fetch.
 *
 * <p>Why: the token once came from Keycloak's own token endpoint, served by the same worker threads as the sign-ins.
 * Renewed by every request that found it expired, under a burst of sign-ins the renewals queued behind the burst and
 * every push of that burst was dropped after the timeout (issue 13, "a stall found under load"). Renewing ahead of
 * time was not enough (a renewal was once 23 s late behind 200 sign-ins): tokens are now made in-process
 * ({@link InProcessTokens}), and this class keeps one in force so that no request pays for making one.
 */
final class ServiceTokens {

    private static final Logger LOG = Logger.getLogger(ServiceTokens.class);

    /** A token is not handed out this close to its expiry: it must not expire on its way. */
    static final Duration MARGIN = Duration.ofSeconds(10);

    /** Makes a fresh token; throws {@link TokenUnavailable}. Runs off the request threads, in no caller's session. */
    interface Fetcher {
        Token fetch();
    }

    record Token(String value, Instant issuedAt, Instant expiresAt) {

        /**
         * Halfway through its usable life (up to {@link #MARGIN} before its expiry): from then on a renewal runs in
         * the background, which leaves it the other half to get through a busy token endpoint.
         */
        Instant renewAt() {
            Duration usable = Duration.between(issuedAt, expiresAt).minus(MARGIN);
            return usable.isNegative() ? issuedAt : issuedAt.plus(usable.dividedBy(2));
        }

        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]";
        }
    }

    private final Fetcher fetcher;
    private final Executor background;
    /** Sets the renewal timer of each new token; null: renewals start only when a request notices. */
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Duration waitLimit;

    private volatile Token current;
    /** The one fetch under way, if any (guarded by {@code this}). */
    private CompletableFuture<Token> inFlight;

    ServiceTokens(Fetcher fetcher, Executor background, Clock clock, Duration waitLimit) {
        this(fetcher, background, null, clock, waitLimit);
    }

    /** Renews on {@code timer}'s thread, on time, as well as when a request notices the token is due. */
    ServiceTokens(Fetcher fetcher, ScheduledExecutorService timer, Clock clock, Duration waitLimit) {
        this(fetcher, timer, timer, clock, waitLimit);
    }

    private ServiceTokens(Fetcher fetcher, Executor background, ScheduledExecutorService timer, Clock clock, Duration waitLimit) {
        this.fetcher = fetcher;
        this.background = background;
        this.timer = timer;
        this.clock = clock;
        this.waitLimit = waitLimit;
    }

    /** A token valid for at least {@link #MARGIN}; throws {@link TokenUnavailable} when none can be had in time. */
    String get() {
        Instant now = clock.instant();
        Token token = current;
        if (usable(token, now)) {
            if (!now.isBefore(token.renewAt())) {
                renewal();
            }
            return token.value();
        }
        try {
            return renewal().get(waitLimit.toMillis(), TimeUnit.MILLISECONDS).value();
        } catch (TimeoutException e) {
            throw new TokenUnavailable("no service token within " + waitLimit);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TokenUnavailable unavailable ? unavailable
                    : new TokenUnavailable("the service token could not be fetched", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailable("interrupted while waiting for the service token");
        }
    }

    /**
     * The enrollment service refused the token (the realm's keys or the client's roles changed): the next call waits
     * for a new one. Always, however young the token: the tests re-create the realm (new keys) every few seconds, and
     * a pause meant to spare a refusing service one token per call kept a token the new realm could not vouch for.
     */
    void forget() {
        current = null;
    }

    private static boolean usable(Token token, Instant now) {
        return token != null && now.plus(MARGIN).isBefore(token.expiresAt());
    }

    /** Starts the one fetch if none is under way; the token in force stays until the new one is in. */
    private synchronized CompletableFuture<Token> renewal() {
        if (inFlight == null) {
            CompletableFuture<Token> fetch = new CompletableFuture<>();
            inFlight = fetch;
            try {
                background.execute(() -> complete(fetch));
            } catch (RuntimeException e) {
                inFlight = null;
                fetch.completeExceptionally(new TokenUnavailable("no thread to fetch the service token", e));
            }
        }
        return inFlight;
    }

    private void complete(CompletableFuture<Token> fetch) {
        try {
            Token token = fetcher.fetch();
            current = token;
            done(fetch);
            fetch.complete(token);
            renewOnTime(token);
        } catch (RuntimeException e) {
            LOG.warnf("idnum-enrollment: the service token could not be renewed: %s", e.getMessage());
            done(fetch);
            fetch.completeExceptionally(e);
        }
    }

    /** The timer for the next renewal; a renewal a request started meanwhile makes this one a no-op or a spare. */
    private void renewOnTime(Token token) {
        if (timer == null) {
            return;
        }
        Duration delay = Duration.between(clock.instant(), token.renewAt());
        try {
            timer.schedule(() -> {
                if (current == token) {
                    renewal();
                }
            }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: requests that notice will start the renewal, if any still come.
        }
    }

    private synchronized void done(CompletableFuture<Token> fetch) {
        if (inFlight == fetch) {
            inFlight = null;
        }
    }
}
