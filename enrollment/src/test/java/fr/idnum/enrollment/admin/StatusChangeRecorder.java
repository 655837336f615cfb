package fr.idnum.enrollment.admin;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Stands in for the future Keycloak propagation: records the events the admin actions fire. */
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

    List<EnrollmentErased> erasuresOf(UUID enrollmentId) {
        return erasures.stream().filter(e -> e.enrollmentId().equals(enrollmentId)).toList();
    }
}
