package fr.idnum.keycloak.enrollment;

import org.keycloak.models.UserModel;

/**
 * The citizen's enrollment status as Keycloak keeps it: the admin-only user attribute
 * {@value #ATTRIBUTE}, set to {@value #ACTIVE} at activation and changed by the enrollment service when it
 * suspends, reinstates, revokes or erases (it also removes the phones of the last two). Keycloak never asks
 * the enrollment service at sign-in: this attribute is what it knows.
 */
public final class EnrollmentStatus {

    public static final String ATTRIBUTE = "idnum_enrollment_status";
    public static final String ACTIVE = "ACTIVE";

    private EnrollmentStatus() {
    }

    /** Whether the citizen's phone may sign: no status (never enrolled here) or ACTIVE. */
    public static boolean allowsSignIn(UserModel user) {
        String status = user.getFirstAttribute(ATTRIBUTE);
        return status == null || ACTIVE.equals(status);
    }
}
