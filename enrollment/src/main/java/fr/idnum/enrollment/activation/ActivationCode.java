package fr.idnum.enrollment.activation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The activation code of an enrollment: keyed hashes only, lifetime, attempts, how it travelled (a posted code has a
 * cooling-off), and its single redemption.
 */
@Entity
@Table(name = "activation_code")
public class ActivationCode extends PanacheEntityBase {

    @Id
    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "lookup_hash")
    public String lookupHash;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "failed_attempts")
    public int failedAttempts;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "redeemed_by")
    public String redeemedBy;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** Codes issued for this enrollment so far (each issue replaces the previous code). */
    public int sends;

    @Column(name = "last_sent_at")
    public Instant lastSentAt;

    /** Posted to the verified address (a code issued after the identity check): its replacements are posted too. */
    @Column(name = "by_letter")
    public boolean byLetter;

    /** Not redeemable before (the cooling-off of a posted code); null: at once. */
    @Column(name = "not_before")
    public Instant notBefore;
}
