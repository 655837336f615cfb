package fr.idnum.enrollment.phone;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.activation.ActivationCode;
import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentLifecycle;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.identity.FrenchMobileNumber;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.enrollment.problem.Problem.FieldError;
import fr.idnum.enrollment.secret.SecretCodes;

/**
 * A new mobile number after the phone was verified (the citizen changed phone, or lost the one that got the
 * activation code). The new number is proven with an SMS code exactly like the first one; only then does it
 * replace the old one, and the activation code in force dies and a new one goes to the new number.
 */
@ApplicationScoped
public class PhoneChangeService {

    public static final String PURPOSE = "phone-change";
    static final List<EnrollmentState> CHANGEABLE = List.of(EnrollmentState.PHONE_VERIFIED,
            EnrollmentState.AWAITING_VERIFICATION, EnrollmentState.VERIFIED);

    private final SecretCodes codes;
    private final PhoneCheckConfig config;
    private final ActivationService activation;
    private final EnrollmentLifecycle lifecycle;
    private final Clock clock;

    PhoneChangeService(SecretCodes codes, PhoneCheckConfig config, ActivationService activation,
                       EnrollmentLifecycle lifecycle, Clock clock) {
        this.codes = codes;
        this.config = config;
        this.activation = activation;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** Starts (or restarts) the check of a new number; returns the code to text to it. */
    @Transactional
    public PhoneCheckService.Issue request(String citizenSubject, String newNumber) {
        String e164 = FrenchMobileNumber.toE164(newNumber).orElseThrow(() -> new InvalidFieldsException(List.of(
                new FieldError("mobilePhone", "must be a French mobile number (06, 07 or an overseas mobile)"))));
        Enrollment enrollment = changeable(citizenSubject);
        if (e164.equals(enrollment.identity.mobilePhone)) {
            throw new InvalidFieldsException(List.of(new FieldError("mobilePhone", "is already the number of this enrollment")));
        }
        Instant now = clock.instant();
        PhoneCheck check = PhoneCheck.findById(enrollment.id);
        if (check == null) {
            check = new PhoneCheck();
            check.enrollmentId = enrollment.id;
        } else {
            var refusal = check.refusalToResend(now, config);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        String code = codes.newCode(PhoneCheckService.DIGITS);
        check.phoneNumber = e164;
        check.renew(codes.hash(PURPOSE, enrollment.id + "/" + e164, code), now, config);
        check.persist();
        lifecycle.note(enrollment, Actor.citizen(citizenSubject), "mobile-phone-change-requested", null);
        return new PhoneCheckService.Issue.Send(e164, code);
    }

    /** The new number proven: what to text to it (a new activation code, if the enrollment had one). */
    public record Changed(String phoneNumber, Optional<String> activationCode) {
    }

    public sealed interface Outcome {
        record Done(Changed changed) implements Outcome {
        }

        record Refused(PhoneCheckService.Outcome reason) implements Outcome {
        }
    }

    @Transactional
    public Outcome confirm(String citizenSubject, String candidate) {
        Enrollment enrollment = changeable(citizenSubject);
        PhoneCheck check = PhoneCheck.findById(enrollment.id);
        if (check == null) {
            throw new DomainException(409, "no-phone-change", "No phone change in progress", "Ask for a code for the new number first.");
        }
        PhoneCheckService.Outcome attempt = check.attempt(
                () -> codes.matches(PURPOSE, enrollment.id + "/" + check.phoneNumber, candidate, check.codeHash),
                clock.instant(), config);
        if (!(attempt instanceof PhoneCheckService.Outcome.Verified)) {
            return new Outcome.Refused(attempt);
        }
        String number = check.phoneNumber;
        check.delete();
        enrollment.identity.mobilePhone = number;
        lifecycle.note(enrollment, Actor.citizen(citizenSubject), "mobile-phone-changed", null);
        boolean hadCode = ActivationCode.findById(enrollment.id) != null;
        return new Outcome.Done(new Changed(number, hadCode ? Optional.of(activation.issue(enrollment)) : Optional.empty()));
    }

    private static Enrollment changeable(String citizenSubject) {
        Enrollment enrollment = Enrollment.openForUpdate(citizenSubject).orElseThrow(() -> new DomainException(404,
                "no-enrollment", "No enrollment", "You have no enrollment in progress or in force."));
        if (!CHANGEABLE.contains(enrollment.state)) {
            throw new DomainException(409, "phone-not-changeable", "Phone number cannot change now",
                    "The mobile number can change between its first check and the activation (state " + enrollment.state + ").");
        }
        return enrollment;
    }
}
