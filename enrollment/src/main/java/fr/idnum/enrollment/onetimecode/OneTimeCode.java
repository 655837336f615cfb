package fr.idnum.enrollment.onetimecode;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The code in force for an enrollment, one row per enrollment and kind of code: only its keyed hash, its lifetime and
 * its counters (wrong attempts, sends). The rules shared by every kind live here: a new code restarts the attempts;
 * sends are spaced and bounded; a dead or expired code is refused before the candidate is even compared.
 */
@MappedSuperclass
public abstract class OneTimeCode extends PanacheEntityBase {

    @Id
    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "failed_attempts")
    public int failedAttempts;

    /** Codes issued for this enrollment so far (each issue replaces the previous code). */
    public int sends;

    @Column(name = "last_sent_at")
    public Instant lastSentAt;

    /** Puts a new code in force (the previous one dies, the attempt counter restarts) and counts the send. */
    public void renew(String newCodeHash, Instant now, OneTimeCodeLimits limits) {
        codeHash = newCodeHash;
        issuedAt = now;
        expiresAt = now.plus(limits.codeLifetime());
        failedAttempts = 0;
        sends++;
        lastSentAt = now;
    }

    /** Why no new code may be sent now, if so: too many codes already, or too soon after the last one. */
    public <T> Optional<Issue<T>> refusalToResend(Instant now, OneTimeCodeLimits limits) {
        if (sends >= limits.maxSends()) {
            return Optional.of(new Issue.NoMoreSends<>());
        }
        Instant allowedAt = lastSentAt.plus(limits.resendCooldown());
        return now.isBefore(allowedAt) ? Optional.of(new Issue.TooSoon<>(Duration.between(now, allowedAt))) : Optional.empty();
    }

    /** Too many wrong codes were typed: nothing is compared any more. */
    public boolean exhausted(OneTimeCodeLimits limits) {
        return failedAttempts >= limits.maxAttempts();
    }

    /** Why the code cannot be tried at all now, if so: dead after too many wrong ones, or expired. */
    public Optional<Attempt> refusalBeforeComparing(Instant now, OneTimeCodeLimits limits) {
        if (exhausted(limits)) {
            return Optional.of(new Attempt.Exhausted());
        }
        return now.isBefore(expiresAt) ? Optional.empty() : Optional.of(new Attempt.Expired());
    }

    /**
     * Compares a candidate (the supplier does it, in constant time); a wrong one costs an attempt. Call only when
     * {@link #refusalBeforeComparing} (or {@link #exhausted}) let it through.
     */
    public Attempt compare(BooleanSupplier candidateMatches, OneTimeCodeLimits limits) {
        if (candidateMatches.getAsBoolean()) {
            return new Attempt.Accepted();
        }
        failedAttempts++;
        int left = limits.maxAttempts() - failedAttempts;
        return left > 0 ? new Attempt.Wrong(left) : new Attempt.Exhausted();
    }

    /** One attempt at the code: refused if dead or expired, else compared. */
    public Attempt attempt(BooleanSupplier candidateMatches, Instant now, OneTimeCodeLimits limits) {
        return refusalBeforeComparing(now, limits).orElseGet(() -> compare(candidateMatches, limits));
    }
}
