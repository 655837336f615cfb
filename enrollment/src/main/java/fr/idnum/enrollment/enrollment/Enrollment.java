package fr.idnum.enrollment.enrollment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import fr.idnum.enrollment.identity.IdentityData;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One citizen's enrollment. Its state only changes through {@link EnrollmentLifecycle}. */
@Entity
public class Enrollment extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The Keycloak subject ({@code sub}) of the citizen who owns it. */
    @Column(name = "owner_subject")
    public String ownerSubject;

    @Enumerated(EnumType.STRING)
    public EnrollmentState state;

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When an unverified enrollment expires; null once verified. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    @Embedded
    public IdentityData identity;

    @Enumerated(EnumType.STRING)
    @Column(name = "verification_mode")
    public VerificationMode verificationMode;

    @Column(name = "postman_visit_date")
    public LocalDate postmanVisitDate;

    /** The enrollment a citizen has in progress or in force, if any. */
    public static Optional<Enrollment> openFor(String ownerSubject) {
        return open(ownerSubject).firstResultOptional();
    }

    /**
     * {@link #openFor(String)}, holding the row until the transaction ends: every citizen action that reads then
     * changes the enrollment or its codes (attempt counters, cooldowns, send counts) goes through it, so two
     * concurrent requests are served one after the other and no attempt or send is lost or doubled.
     */
    public static Optional<Enrollment> openForUpdate(String ownerSubject) {
        return open(ownerSubject).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    private static io.quarkus.hibernate.orm.panache.PanacheQuery<Enrollment> open(String ownerSubject) {
        return find("ownerSubject = ?1 and state not in ?2", ownerSubject,
                java.util.List.of(EnrollmentState.REJECTED, EnrollmentState.EXPIRED, EnrollmentState.REVOKED));
    }
}
