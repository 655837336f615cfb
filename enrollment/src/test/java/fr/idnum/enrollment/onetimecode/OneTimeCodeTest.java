package fr.idnum.enrollment.onetimecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The rules every one-time code shares, without a database: renewal, spaced and bounded sends, attempts. */
class OneTimeCodeTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** 10 min lifetime, 3 attempts, 60 s between sends, 2 sends, 3 sends refused by the provider. */
    private static final OneTimeCodeLimits LIMITS = new OneTimeCodeLimits() {
        @Override
        public Duration codeLifetime() {
            return Duration.ofMinutes(10);
        }

        @Override
        public int maxAttempts() {
            return 3;
        }

        @Override
        public Duration resendCooldown() {
            return Duration.ofSeconds(60);
        }

        @Override
        public int maxSends() {
            return 2;
        }

        @Override
        public int maxFailedSends() {
            return 3;
        }
    };

    private static final class Code extends OneTimeCode {
    }

    private static Code issuedAt(Instant now) {
        Code code = new Code();
        code.renew("hash-1", now, LIMITS);
        return code;
    }

    @Test
    void renewingStartsANewLifetimeAndAttemptCounterAndCountsTheSend() {
        Code code = issuedAt(T0);
        code.failedAttempts = 2;
        code.renew("hash-2", T0.plusSeconds(90), LIMITS);
        assertEquals("hash-2", code.codeHash);
        assertEquals(0, code.failedAttempts);
        assertEquals(2, code.sends);
        assertEquals(T0.plusSeconds(90), code.lastSentAt);
        assertEquals(T0.plusSeconds(90).plus(Duration.ofMinutes(10)), code.expiresAt);
    }

    @Test
    void aResendWithinTheCooldownSaysHowLongToWait() {
        Optional<Issue<String>> refusal = issuedAt(T0).refusalToResend(T0.plusSeconds(45), LIMITS);
        assertEquals(Optional.of(new Issue.TooSoon<String>(Duration.ofSeconds(15))), refusal);
    }

    @Test
    void aResendAfterTheCooldownIsAllowedUntilTheLastSend() {
        Code code = issuedAt(T0);
        assertEquals(Optional.empty(), code.refusalToResend(T0.plusSeconds(60), LIMITS));
        code.renew("hash-2", T0.plusSeconds(60), LIMITS);
        assertEquals(Optional.of(new Issue.NoMoreSends<>()), code.refusalToResend(T0.plusSeconds(600), LIMITS));
    }

    @Test
    void aSendTheProviderRefusedHoldsNoCooldownAndUsesNoCode() {
        Code code = new Code();
        CountedSend first = code.renew("hash-1", T0, LIMITS);
        code.notSent(first);
        assertEquals(0, code.sends);
        assertEquals(1, code.failedSends);
        assertEquals(null, code.lastSentAt);
        assertEquals(Optional.empty(), code.refusalToResend(T0, LIMITS), "asked again at once");
        code.renew("hash-2", T0.plusSeconds(1), LIMITS);
        assertEquals(1, code.sends);
        assertEquals(Optional.of(new Issue.TooSoon<String>(Duration.ofSeconds(59))), code.refusalToResend(T0.plusSeconds(2), LIMITS),
                "the cooldown runs from the send that went out");
    }

    @Test
    void aRefusedResendLeavesTheCooldownOfTheSendBeforeIt() {
        Code code = issuedAt(T0);
        CountedSend resend = code.renew("hash-2", T0.plusSeconds(30), LIMITS);
        code.notSent(resend);
        assertEquals(1, code.sends);
        assertEquals(T0, code.lastSentAt);
        assertEquals(Optional.of(new Issue.TooSoon<String>(Duration.ofSeconds(30))), code.refusalToResend(T0.plusSeconds(30), LIMITS));
        assertEquals("hash-2", code.codeHash, "the code stays in force: a provider that timed out may have delivered it");
    }

    @Test
    void aRefusalOfACodeAlreadyReplacedTakesBackNothingButIsCounted() {
        Code code = new Code();
        CountedSend first = code.renew("hash-1", T0, LIMITS);
        code.renew("hash-2", T0.plusSeconds(60), LIMITS);
        code.notSent(first);
        assertEquals(2, code.sends);
        assertEquals(T0.plusSeconds(60), code.lastSentAt);
        assertEquals(1, code.failedSends);
    }

    @Test
    void refusedSendsAreBoundedOnTheirOwn() {
        Code code = new Code();
        for (int i = 0; i < LIMITS.maxFailedSends(); i++) {
            assertEquals(Optional.empty(), code.refusalToResend(T0, LIMITS), "refused send " + i);
            code.notSent(code.renew("hash-" + i, T0, LIMITS));
        }
        assertEquals(0, code.sends);
        assertEquals(Optional.of(new Issue.NoMoreSends<>()), code.refusalToResend(T0.plusSeconds(3600), LIMITS));
    }

    @Test
    void wrongCodesCountDownThenTheCodeIsDeadEvenForTheRightOne() {
        Code code = issuedAt(T0);
        assertEquals(new Attempt.Wrong(2), code.attempt(() -> false, T0, LIMITS));
        assertEquals(new Attempt.Wrong(1), code.attempt(() -> false, T0, LIMITS));
        assertEquals(new Attempt.Exhausted(), code.attempt(() -> false, T0, LIMITS));
        assertTrue(code.exhausted(LIMITS));
        assertEquals(new Attempt.Exhausted(), code.attempt(() -> true, T0, LIMITS));
        assertEquals(3, code.failedAttempts, "a dead code costs no further attempt");
    }

    @Test
    void anExpiredCodeIsRefusedWithoutBeingCompared() {
        Code code = issuedAt(T0);
        AtomicBoolean compared = new AtomicBoolean();
        Attempt attempt = code.attempt(() -> compared.getAndSet(true), T0.plus(Duration.ofMinutes(10)), LIMITS);
        assertEquals(new Attempt.Expired(), attempt);
        assertFalse(compared.get());
        assertEquals(0, code.failedAttempts);
    }

    @Test
    void theRightCodeWithinItsLifetimeIsAccepted() {
        assertEquals(new Attempt.Accepted(), issuedAt(T0).attempt(() -> true, T0.plusSeconds(599), LIMITS));
    }
}
