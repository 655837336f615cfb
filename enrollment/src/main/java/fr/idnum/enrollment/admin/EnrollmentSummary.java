package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;

/** One line of a search result: enough to tell citizens apart, not their whole identity. */
public record EnrollmentSummary(UUID id, String ownerSubject, EnrollmentState state, Instant createdAt, Instant updatedAt,
                                String givenNames, String birthName, LocalDate birthDate, boolean identityErased) {

    static EnrollmentSummary of(Enrollment e) {
        var i = e.identity;
        return i == null
                ? new EnrollmentSummary(e.id, e.ownerSubject, e.state, e.createdAt, e.updatedAt, null, null, null, true)
                : new EnrollmentSummary(e.id, e.ownerSubject, e.state, e.createdAt, e.updatedAt, i.givenNames, i.birthName,
                i.birthDate, false);
    }
}
