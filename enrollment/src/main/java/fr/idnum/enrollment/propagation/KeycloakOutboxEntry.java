package fr.idnum.enrollment.propagation;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import fr.idnum.protocol.enrollment.EnrollmentStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One status Keycloak must learn, until it has ({@link #deliveredAt}). No personal data (see V4). */
@Entity
@Table(name = "keycloak_outbox")
public class KeycloakOutboxEntry extends PanacheEntityBase {

    static final int LAST_ERROR_MAX = 200;

    @Id
    public UUID id;

    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    /** The Keycloak user id (the enrollment's owner subject). */
    public String subject;

    @Enumerated(EnumType.STRING)
    public EnrollmentStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    static KeycloakOutboxEntry pending(UUID enrollmentId, String subject, EnrollmentStatus status, Instant now) {
        KeycloakOutboxEntry entry = new KeycloakOutboxEntry();
        entry.id = UUID.randomUUID();
        entry.enrollmentId = enrollmentId;
        entry.subject = subject;
        entry.status = status;
        entry.createdAt = now;
        entry.attempts = 0;
        entry.nextAttemptAt = now;
        return entry;
    }

    void delivered(Instant now, String note) {
        attempts++;
        deliveredAt = now;
        lastError = note == null ? null : truncate(note);
    }

    void failed(Instant now, String error, Duration first, Duration max) {
        attempts++;
        lastError = truncate(error);
        nextAttemptAt = now.plus(backoff(attempts, first, max));
    }

    /** {@code first} after the first failure, doubling after each further one, never more than {@code max}. */
    static Duration backoff(int failures, Duration first, Duration max) {
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private static String truncate(String text) {
        return text.length() <= LAST_ERROR_MAX ? text : text.substring(0, LAST_ERROR_MAX);
    }
}
