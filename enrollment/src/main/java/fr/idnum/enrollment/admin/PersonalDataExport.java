package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.util.List;

/** The answer to a citizen's access request (GDPR art. 15) for one enrollment: its data and its audit trail. */
public record PersonalDataExport(Instant exportedAt, EnrollmentDetails enrollment, List<AuditEntry> auditTrail) {
}
