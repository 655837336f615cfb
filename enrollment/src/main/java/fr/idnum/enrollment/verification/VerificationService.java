package fr.idnum.enrollment.verification;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.activation.CodeDelivery;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentLifecycle;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.enrollment.IllegalTransitionException;
import fr.idnum.enrollment.enrollment.VerificationMode;
import fr.idnum.enrollment.onetimecode.Attempt;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.enrollment.problem.Problem.FieldError;

/** How and by whom the citizen's identity document is checked. */
@ApplicationScoped
public class VerificationService {

    /** The latest date a postman's visit may be booked, counted from today. */
    public static final int POSTMAN_BOOKING_WINDOW_DAYS = 30;

    private final EnrollmentLifecycle lifecycle;
    private final ActivationService activation;
    private final Clock clock;

    VerificationService(EnrollmentLifecycle lifecycle, ActivationService activation, Clock clock) {
        this.lifecycle = lifecycle;
        this.activation = activation;
        this.clock = clock;
    }

    /** The activation code to text to the citizen after commit (in-person modes: to show the agent), or none (remote). */
    public record ModeChosen(Optional<CodeDelivery> activationCode) {
    }

    @Transactional
    public ModeChosen choose(String citizenSubject, VerificationMode mode, LocalDate postmanVisitDate) {
        LocalDate today = LocalDate.now(clock);
        if (mode == VerificationMode.POSTMAN) {
            if (postmanVisitDate == null) {
                throw new InvalidFieldsException(java.util.List.of(new FieldError("postmanVisitDate", "is required to meet your postman")));
            }
            if (!postmanVisitDate.isAfter(today) || postmanVisitDate.isAfter(today.plusDays(POSTMAN_BOOKING_WINDOW_DAYS))) {
                throw new InvalidFieldsException(java.util.List.of(new FieldError("postmanVisitDate",
                        "must be between tomorrow and " + POSTMAN_BOOKING_WINDOW_DAYS + " days from now")));
            }
        } else if (postmanVisitDate != null) {
            throw new InvalidFieldsException(java.util.List.of(new FieldError("postmanVisitDate", "only for a postman's visit")));
        }
        Enrollment enrollment = Enrollment.openForUpdate(citizenSubject).orElseThrow(() -> DomainException.noEnrollment("You have no enrollment in progress or in force."));
        lifecycle.move(enrollment, EnrollmentState.AWAITING_VERIFICATION, Actor.citizen(citizenSubject),
                "verification-mode-chosen", mode.name());
        enrollment.verificationMode = mode;
        enrollment.postmanVisitDate = postmanVisitDate;
        if (mode == VerificationMode.REMOTE) {
            return new ModeChosen(Optional.empty());
        }
        return new ModeChosen(Optional.of(activation.issueBySms(enrollment, true)));
    }

    /** The remote check's result: when verified, the activation code to send by registered letter once committed. */
    public record RemoteOutcome(EnrollmentState state, Optional<CodeDelivery> activationCode) {
    }

    /**
     * Applies the remote provider's verdict, once: the callback's {@code jti} is recorded in the same
     * transaction, so a replay (even a concurrent one) is refused and changes nothing.
     */
    @Transactional
    public RemoteOutcome recordRemote(RemoteVerificationCallback.Verdict verdict, String providerIssuer) {
        Enrollment enrollment = Enrollment.findById(verdict.enrollmentId());
        if (enrollment == null) {
            throw DomainException.noEnrollment("No such enrollment.");
        }
        int recorded = Enrollment.getEntityManager()
                .createNativeQuery("insert into remote_callback (jti, enrollment_id, received_at) values (:jti, :id, :at)"
                        + " on conflict (jti) do nothing")
                .setParameter("jti", verdict.jti())
                .setParameter("id", verdict.enrollmentId())
                .setParameter("at", clock.instant())
                .executeUpdate();
        if (recorded == 0) {
            throw new DomainException(409, "replayed-callback", "Replayed callback", "This callback (jti) was already processed.");
        }
        if (enrollment.verificationMode != VerificationMode.REMOTE) {
            throw new DomainException(409, "not-remote", "Not a remote verification",
                    "This enrollment is not awaiting a remote verification.");
        }
        Actor provider = new Actor(providerIssuer, Actor.SYSTEM);
        if (!verdict.verified()) {
            lifecycle.move(enrollment, EnrollmentState.REJECTED, provider, "identity-rejected", verdict.reason());
            return new RemoteOutcome(EnrollmentState.REJECTED, Optional.empty());
        }
        lifecycle.move(enrollment, EnrollmentState.VERIFIED, provider, "identity-verified", "remote check " + verdict.jti());
        return new RemoteOutcome(EnrollmentState.VERIFIED,
                Optional.of(new CodeDelivery.ByRegisteredLetter(activation.issueRegistered(enrollment))));
    }

    /** What came of an agent's finding: recorded (the new state), or refused because of the code typed. */
    public sealed interface CheckOutcome {
        record Recorded(EnrollmentState state) implements CheckOutcome {
        }

        /** The code shown was wrong or is dead: nothing recorded. */
        record CodeRefused(Attempt attempt) implements CheckOutcome {
        }
    }

    /**
     * The agent's finding: the document was seen and matches the enrollment, or the reason it does not. Only with
     * the activation code the citizen shows: an agent cannot decide for an enrollment they only know the id of.
     */
    @Transactional
    public CheckOutcome recordCheck(UUID enrollmentId, Actor agent, String activationCode, boolean documentSeen,
                                    boolean identityMatches, String reason) {
        Enrollment enrollment = Enrollment.findById(enrollmentId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (enrollment == null) {
            throw DomainException.noEnrollment("No such enrollment.");
        }
        if (enrollment.state == EnrollmentState.AWAITING_VERIFICATION && enrollment.verificationMode == VerificationMode.REMOTE) {
            // The remote provider decides, and only its verdict sends the activation code: an agent's finding
            // here would leave a verified enrollment without any code.
            throw new DomainException(409, "remote-verification", "Checked remotely",
                    "This citizen chose the remote check: the verification provider decides, not an agent.");
        }
        boolean verified = documentSeen && identityMatches;
        if (!verified && (reason == null || reason.isBlank())) {
            throw new InvalidFieldsException(java.util.List.of(new FieldError("reason", "is required when the check fails")));
        }
        EnrollmentState to = verified ? EnrollmentState.VERIFIED : EnrollmentState.REJECTED;
        if (!enrollment.state.canMoveTo(to)) {
            // Checked before the code, so that a second finding for the same enrollment costs no attempt.
            throw new IllegalTransitionException(enrollment.state, to);
        }
        Attempt shown = activation.checkShown(enrollment, activationCode);
        if (!(shown instanceof Attempt.Accepted)) {
            return new CheckOutcome.CodeRefused(shown);
        }
        lifecycle.move(enrollment, to, agent, verified ? "identity-verified" : "identity-rejected", reason);
        return new CheckOutcome.Recorded(to);
    }
}
