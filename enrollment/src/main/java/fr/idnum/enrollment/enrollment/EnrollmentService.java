package fr.idnum.enrollment.enrollment;

import java.time.Clock;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.identity.DeclaredIdentity;
import fr.idnum.enrollment.identity.IdentityData;
import fr.idnum.enrollment.identity.IdentityRules;
import fr.idnum.enrollment.problem.DomainException;

/** The citizen's side of an enrollment: start it, read it back. */
@ApplicationScoped
public class EnrollmentService {

    private final EnrollmentLifecycle lifecycle;
    private final IdentityRules identityRules;
    private final MobileCheck mobileCheck;
    private final Clock clock;

    EnrollmentService(EnrollmentLifecycle lifecycle, IdentityRules identityRules, MobileCheck mobileCheck, Clock clock) {
        this.lifecycle = lifecycle;
        this.identityRules = identityRules;
        this.mobileCheck = mobileCheck;
        this.clock = clock;
    }

    /** A started enrollment and the first SMS code to send once the transaction has committed. */
    public record Started(EnrollmentView enrollment, SmsCode firstCode) {
    }

    @Transactional
    public Started start(String citizenSubject, DeclaredIdentity declared) {
        IdentityData identity = identityRules.check(declared, LocalDate.now(clock));
        if (Enrollment.openFor(citizenSubject).isPresent()) {
            throw new DomainException(409, "enrollment-exists", "Enrollment already in progress",
                    "You already have an enrollment in progress or in force.");
        }
        Enrollment enrollment = lifecycle.start(Actor.citizen(citizenSubject), identity);
        return new Started(EnrollmentView.of(enrollment), mobileCheck.first(enrollment));
    }

    @Transactional
    public EnrollmentView currentOf(String citizenSubject) {
        return Enrollment.openFor(citizenSubject).map(EnrollmentView::of).orElseThrow(() -> DomainException.noEnrollment("You have no enrollment in progress or in force."));
    }
}
