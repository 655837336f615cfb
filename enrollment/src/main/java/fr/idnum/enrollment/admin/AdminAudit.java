package fr.idnum.enrollment.admin;

import java.time.Instant;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.Enrollment;

/**
 * The audit lines of administrators' actions that do not change the state (reading personal data, exporting
 * it, reissuing a code, erasing): recorded like transitions, with from = to = the current state, so the trail
 * shows who looked at or acted on a citizen's data, and when. State changes are audited by the lifecycle.
 */
final class AdminAudit {

    static final String VIEW = "admin-view";
    static final String READ_TRAIL = "admin-read-audit-trail";
    static final String EXPORT = "admin-export";
    static final String REISSUE_ACTIVATION_CODE = "admin-reissue-activation-code";
    static final String ERASE = "admin-erase";
    static final String SUSPEND = "admin-suspend";
    static final String REINSTATE = "admin-reinstate";
    static final String REVOKE = "admin-revoke";
    static final String REQUIRE_REACTIVATION = "admin-require-reactivation";

    private AdminAudit() {
    }

    static AuditEvent record(Enrollment enrollment, Actor admin, String action, String reason, Instant now) {
        return AuditEvent.append(enrollment.id, admin, action, enrollment.state, enrollment.state, reason, now);
    }
}
