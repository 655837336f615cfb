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
}
