package fr.idnum.enrollment.recovery;

import fr.idnum.enrollment.problem.DomainException;

/**
 * 401 with the OAuth 2.0 step-up challenge (RFC 9470): the app signs the citizen in again with {@code max_age} and
 * retries. Also a problem, as every error of this service.
 */
public class RecentSignInRequiredException extends DomainException {

    public RecentSignInRequiredException(long maxAgeSeconds) {
        super(401, "recent-sign-in-required", "Recent sign-in required",
                "Changing the mobile number after the identity check needs a sign-in with the password within the last "
                        + maxAgeSeconds + " s: sign in again (max_age=" + maxAgeSeconds + ") and retry.");
        with("max_age", maxAgeSeconds);
        header("WWW-Authenticate", "Bearer error=\"insufficient_user_authentication\", error_description=\""
                + "A recent sign-in is required\", max_age=" + maxAgeSeconds);
    }
}
