package fr.idnum.enrollment.admin;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.EnrollmentStatusChanged;

/** Records every lifecycle move ({@link EnrollmentStatusChanged}) and erasure the service announces. */
@ApplicationScoped
public class StatusChangeRecorder {

    private final List<EnrollmentStatusChanged> changes = new CopyOnWriteArrayList<>();
    private final List<EnrollmentErased> erasures = new CopyOnWriteArrayList<>();

    void on(@Observes EnrollmentStatusChanged change) {
        changes.add(change);
    }

    void on(@Observes EnrollmentErased erased) {
        erasures.add(erased);
    }

    List<EnrollmentStatusChanged> changesOf(UUID enrollmentId) {
        return changes.stream().filter(c -> c.enrollmentId().equals(enrollmentId)).toList();
    }

    /** The moves an administrator made (the citizen's, the agent's and Keycloak's left out). */
    List<EnrollmentStatusChanged> adminChangesOf(UUID enrollmentId) {
        return changesOf(enrollmentId).stream().filter(c -> Actor.ADMIN.equals(c.actor().role())).toList();
    }

    List<EnrollmentErased> erasuresOf(UUID enrollmentId) {
        return erasures.stream().filter(e -> e.enrollmentId().equals(enrollmentId)).toList();
    }
}
