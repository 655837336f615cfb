package fr.idnum.enrollment.activation;

import java.time.Duration;
import java.time.Instant;

import fr.idnum.protocol.enrollment.ActivationRefusal;
import fr.idnum.protocol.ProblemTypes;
import fr.idnum.enrollment.problem.DomainException;

/**
 * A posted activation code typed before its cooling-off is over: 409 {@code code-cooling-off}, with the moment it
 * starts to work as the problem's {@code not_before} member (RFC 3339) and a Retry-After header in seconds.
 */
public class CodeCoolingOffException extends DomainException {

    /** The problem type's last segment; Keycloak's copy of the name is in {@code DeviceActivation}. */
    public static final String TYPE = ActivationRefusal.CODE_COOLING_OFF.problem();

    public CodeCoolingOffException(Instant notBefore, Instant now) {
        super(409, TYPE, "Activation code not valid yet",
                "This activation code came by post after a change of phone or number: for the citizen's safety it only"
                        + " works from " + notBefore + ".");
        with(ProblemTypes.NOT_BEFORE, notBefore.toString());
        header("Retry-After", Long.toString(retryAfterSeconds(Duration.between(now, notBefore))));
    }
}
