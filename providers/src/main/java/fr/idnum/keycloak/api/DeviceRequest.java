package fr.idnum.keycloak.api;

import java.time.Instant;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceStatus;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.enrollment.EnrollmentStatus;
import org.keycloak.models.UserModel;

/**
 * A request of an activated phone whose signature, audience, times and single use were checked
 * ({@link DeviceRequestReader}): its owner, the phone as stored and locked for this transaction, its typed claims
 * and the time it was judged at.
 */
record DeviceRequest(UserModel user, DeviceCredentialModel credential, RequestClaims claims, Instant now) {

    /** A locked phone only signs its own deactivation. */
    void requireActive() {
        if (credential.data().status() != DeviceStatus.ACTIVE) {
            throw DeviceProblem.locked();
        }
    }

    /** A suspended (revoked...) citizen's phone neither fetches nor answers sign-in requests. */
    void requireEnrollmentInForce() {
        if (!EnrollmentStatus.allowsSignIn(user.getFirstAttribute(EnrollmentStatus.ATTRIBUTE))) {
            throw new DeviceProblem(403, DeviceProblems.ENROLLMENT_SUSPENDED, "Enrollment suspended",
                    "This digital identity is suspended: it signs nothing until support lifts the suspension.");
        }
    }
}
