package fr.idnum.keycloak.enrollment;

import fr.idnum.protocol.ProblemTypes;
import fr.idnum.protocol.enrollment.InternalApi;

/** What came of asking the enrollment service to push a challenge ({@link EnrollmentClient#push}). */
public enum PushResult {
    /** The push service took the push (its delivery to the phone is not acknowledged). */
    SENT,
    /**
     * The push service no longer knows the registration token: no later push to it can work, until the phone sends
     * a new one.
     */
    TOKEN_UNREGISTERED,
    /** Not sent, for any other reason (service or push service down, quota, refusal): the next push may work. */
    NOT_SENT;

    /**
     * The result of the enrollment service's answer: {@code 202}, or {@code 410} with the problem type
     * {@link InternalApi#PUSH_TOKEN_UNREGISTERED} (a bare 410, from a proxy say, proves nothing about the token).
     */
    public static PushResult of(int status, String problemType) {
        if (status == 202) {
            return SENT;
        }
        if (status == 410 && InternalApi.PUSH_TOKEN_UNREGISTERED.equals(ProblemTypes.nameOf(problemType))) {
            return TOKEN_UNREGISTERED;
        }
        return NOT_SENT;
    }
}
