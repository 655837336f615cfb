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
 *
 * <p>Only the sends a provider accepted count toward the cooldown and {@link OneTimeCodeLimits#maxSends()}: a send is
 * counted when its code is issued, and taken back ({@link #notSent}) when the provider refuses it, so that an outage
 * neither holds the citizen's "send again" for a cooldown nor uses up their codes. The refused sends have their own
 * bound ({@link OneTimeCodeLimits#maxFailedSends()}): a provider that fails after all (a timeout once the SMS left)
 * cannot be made to text without limit.
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

    /** Codes sent for this enrollment so far: accepted by their provider, or on their way to it. */
    public int sends;

    /** When the last code counted in {@link #sends} went out; null while none did. */
    @Column(name = "last_sent_at")
    public Instant lastSentAt;

    /** Codes whose provider refused them (or did not answer): counted in none of the above. */
    @Column(name = "failed_sends")
    public int failedSends;

    /**
     * Puts a new code in force (the previous one dies, the attempt counter restarts) and counts the send; the answer
     * takes the send back if the provider refuses the code ({@link #notSent}).
     */
    public CountedSend renew(String newCodeHash, Instant now, OneTimeCodeLimits limits) {
        CountedSend counted = new CountedSend(enrollmentId, newCodeHash, lastSentAt);
        codeHash = newCodeHash;
        issuedAt = now;
        expiresAt = now.plus(limits.codeLifetime());
        failedAttempts = 0;
        sends++;
        lastSentAt = now;
        return counted;
    }

    /**
     * The provider refused the code of {@code counted}: if it is still the code in force, its send no longer counts
     * (the cooldown runs from the send before it, if any); either way the refusal counts toward
     * {@link OneTimeCodeLimits#maxFailedSends()}. The code stays in force: a provider that timed out may have
     * delivered it after all, and nobody else holds it.
     */
    public void notSent(CountedSend counted) {
        failedSends++;
        if (counted.codeHash().equals(codeHash) && sends > 0) {
            sends--;
            lastSentAt = counted.previousSentAt();
        }
    }

    /**
     * Why no new code may be sent now, if so: too many codes already (or too many refused by the provider), or too
     * soon after the last one sent.
     */
    public <T> Optional<Issue<T>> refusalToResend(Instant now, OneTimeCodeLimits limits) {
        if (sends >= limits.maxSends() || failedSends >= limits.maxFailedSends()) {
            return Optional.of(new Issue.NoMoreSends<>());
        }
        if (lastSentAt == null) {
            return Optional.empty();
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
