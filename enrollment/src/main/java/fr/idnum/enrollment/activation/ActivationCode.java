package fr.idnum.enrollment.activation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import fr.idnum.enrollment.onetimecode.OneTimeCode;

/**
 * The activation code of an enrollment: besides what every one-time code keeps, the look-up hash the agent finds it
 * by, how it travelled (a posted code has a cooling-off), and its single redemption.
 */
@Entity
@Table(name = "activation_code")
public class ActivationCode extends OneTimeCode {

    @Column(name = "lookup_hash")
    public String lookupHash;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "redeemed_by")
    public String redeemedBy;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** Posted to the verified address (a code issued after the identity check): its replacements are posted too. */
    @Column(name = "by_letter")
    public boolean byLetter;

    /** Not redeemable before (the cooling-off of a posted code); null: at once. */
    @Column(name = "not_before")
    public Instant notBefore;
}
