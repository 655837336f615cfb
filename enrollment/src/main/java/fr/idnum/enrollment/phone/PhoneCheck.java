package fr.idnum.enrollment.phone;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The SMS code in force for an enrollment's mobile number: only its keyed hash, its lifetime and counters. */
@Entity
@Table(name = "phone_check")
public class PhoneCheck extends PanacheEntityBase {

    @Id
    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    @Column(name = "phone_number")
    public String phoneNumber;

    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "failed_attempts")
    public int failedAttempts;

    public int sends;

    @Column(name = "last_sent_at")
    public Instant lastSentAt;

    /** Puts a new code in force (the previous one dies, the attempt counter restarts) and counts the send. */
    void renew(String newCodeHash, Instant now, PhoneCheckConfig limits) {
        codeHash = newCodeHash;
        issuedAt = now;
        expiresAt = now.plus(limits.codeLifetime());
        failedAttempts = 0;
        sends++;
        lastSentAt = now;
    }

    /** Why no new code may be sent now, if so: too many codes already, or too soon after the last one. */
    java.util.Optional<PhoneCheckService.Issue> refusalToResend(Instant now, PhoneCheckConfig limits) {
        if (sends >= limits.maxSends()) {
            return java.util.Optional.of(new PhoneCheckService.Issue.NoMoreSends());
        }
        Instant allowedAt = lastSentAt.plus(limits.resendCooldown());
        return now.isBefore(allowedAt)
                ? java.util.Optional.of(new PhoneCheckService.Issue.TooSoon(java.time.Duration.between(now, allowedAt)))
                : java.util.Optional.empty();
    }

    /** One attempt at the code: a dead or expired code is refused before the candidate is even compared. */
    PhoneCheckService.Outcome attempt(java.util.function.BooleanSupplier candidateMatches, Instant now, PhoneCheckConfig limits) {
        if (failedAttempts >= limits.maxAttempts()) {
            return new PhoneCheckService.Outcome.Exhausted();
        }
        if (!now.isBefore(expiresAt)) {
            return new PhoneCheckService.Outcome.Expired();
        }
        if (!candidateMatches.getAsBoolean()) {
            failedAttempts++;
            int left = limits.maxAttempts() - failedAttempts;
            return left > 0 ? new PhoneCheckService.Outcome.Wrong(left) : new PhoneCheckService.Outcome.Exhausted();
        }
        return new PhoneCheckService.Outcome.Verified();
    }
}
