package fr.idnum.enrollment.phone;

import fr.idnum.enrollment.enrollment.SmsCode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.activation.ActivationCode;
import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.activation.CodeDelivery;
import fr.idnum.enrollment.activation.PostedCode;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentLifecycle;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.identity.FrenchMobileNumber;
import fr.idnum.enrollment.onetimecode.Attempt;
import fr.idnum.enrollment.onetimecode.CountedSend;
import fr.idnum.enrollment.onetimecode.Issue;
import fr.idnum.enrollment.onetimecode.OneTimeCodeProblems;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.enrollment.problem.Problem.FieldError;
import fr.idnum.enrollment.recovery.RecentSignIn;
import fr.idnum.enrollment.secret.SecretCodes;

/**
 * A new mobile number after the phone was verified (the citizen changed phone, or lost the one that got the
 * activation code). The new number is proven with an SMS code exactly like the first one; only then does it
 * replace the old one.
 *
 * <p>Before the identity check, the activation code in force dies and a new one goes to the new number (the agent
 * binds it at the check). After the check, the new number was not proven at it, so it never receives a code: the
 * change needs a recent sign-in, the old number and the e-mail are told at once, and — unless the code in force is
 * already travelling by post — the code dies and its replacement is posted to the verified address, redeemable only
 * after the cooling-off.
 */
@ApplicationScoped
public class PhoneChangeService {

    public static final String PURPOSE = "phone-change";
    /** As the first number's code, but for the limit on sends. */
    static final OneTimeCodeProblems.Wording WORDING = new OneTimeCodeProblems.Wording(PhoneCheckService.WORDING.wrong(),
            PhoneCheckService.WORDING.expired(), PhoneCheckService.WORDING.exhaustedTitle(), PhoneCheckService.WORDING.exhausted(),
            "The maximum number of codes has been sent. Contact support.");
    static final List<EnrollmentState> CHANGEABLE = List.of(EnrollmentState.PHONE_VERIFIED,
            EnrollmentState.AWAITING_VERIFICATION, EnrollmentState.VERIFIED);

    private final SecretCodes codes;
    private final PhoneCheckConfig config;
    private final ActivationService activation;
    private final EnrollmentLifecycle lifecycle;
    private final RecentSignIn recentSignIn;
    private final Clock clock;

    PhoneChangeService(SecretCodes codes, PhoneCheckConfig config, ActivationService activation,
                       EnrollmentLifecycle lifecycle, RecentSignIn recentSignIn, Clock clock) {
        this.codes = codes;
        this.config = config;
        this.activation = activation;
        this.lifecycle = lifecycle;
        this.recentSignIn = recentSignIn;
        this.clock = clock;
    }

    /**
     * Starts (or restarts) the check of a new number; returns the code to text to it. {@code authTime}: when the
     * citizen last typed their password (the token's {@code auth_time}), checked after the identity check.
     */
    @Transactional
    public Issue<SmsCode> request(String citizenSubject, String newNumber, Optional<Instant> authTime) {
        String e164 = FrenchMobileNumber.toE164(newNumber).orElseThrow(() -> new InvalidFieldsException(List.of(
                new FieldError("mobilePhone", "must be a French mobile number (06, 07 or an overseas mobile)"))));
        Enrollment enrollment = changeable(citizenSubject, authTime);
        if (e164.equals(enrollment.identity.mobilePhone)) {
            throw new InvalidFieldsException(List.of(new FieldError("mobilePhone", "is already the number of this enrollment")));
        }
        Instant now = clock.instant();
        PhoneCheck check = PhoneCheck.findById(enrollment.id);
        if (check == null) {
            check = new PhoneCheck();
            check.enrollmentId = enrollment.id;
        } else {
            var refusal = check.<SmsCode>refusalToResend(now, config);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        String code = codes.newCode(PhoneCheckService.DIGITS);
        check.phoneNumber = e164;
        CountedSend counted = check.renew(codes.hash(PURPOSE, enrollment.id + "/" + e164, code), now, config);
        check.persist();
        lifecycle.note(enrollment, Actor.citizen(citizenSubject), "mobile-phone-change-requested", null);
        return new Issue.Send<>(new SmsCode(e164, code, counted));
    }

    /**
     * The new number proven. Before the identity check: the new activation code to text to it, if the enrollment had
     * one. After: nothing for the new number, but notices for the old one and the e-mail, and maybe a code to post.
     */
    public record Changed(String phoneNumber, Optional<CodeDelivery> activationCode, Optional<AfterCheck> afterCheck) {
        @Override
        public String toString() {
            return "Changed[afterCheck=" + afterCheck.isPresent() + "]";
        }
    }

    /** A change after the identity check: whom to tell, and the code to post (empty: the posted one stays). */
    public record AfterCheck(String oldNumber, String email, Optional<PostedCode> posted) {
    }

    public sealed interface Outcome {
        record Done(Changed changed) implements Outcome {
        }

        record Refused(Attempt reason) implements Outcome {
        }
    }

    @Transactional
    public Outcome confirm(String citizenSubject, String candidate, Optional<Instant> authTime) {
        Enrollment enrollment = changeable(citizenSubject, authTime);
        PhoneCheck check = PhoneCheck.findById(enrollment.id);
        if (check == null) {
            throw new DomainException(409, "no-phone-change", "No phone change in progress", "Ask for a code for the new number first.");
        }
        Attempt attempt = check.attempt(
                () -> codes.matches(PURPOSE, enrollment.id + "/" + check.phoneNumber, candidate, check.codeHash),
                clock.instant(), config);
        if (!(attempt instanceof Attempt.Accepted)) {
            return new Outcome.Refused(attempt);
        }
        String number = check.phoneNumber;
        String oldNumber = enrollment.identity.mobilePhone;
        check.delete();
        enrollment.identity.mobilePhone = number;
        Actor citizen = Actor.citizen(citizenSubject);
        lifecycle.note(enrollment, citizen, "mobile-phone-changed", null);
        if (afterCheck(enrollment)) {
            Optional<PostedCode> posted = Optional.empty();
            if (!activation.postedCodeInForce(enrollment)) {
                posted = Optional.of(activation.issueByLetter(enrollment));
                lifecycle.note(enrollment, citizen, "activation-code-posted", "mobile number changed after the identity check");
            }
            return new Outcome.Done(new Changed(number, Optional.empty(),
                    Optional.of(new AfterCheck(oldNumber, enrollment.identity.email, posted))));
        }
        boolean hadCode = ActivationCode.findById(enrollment.id) != null;
        Optional<CodeDelivery> replacement = hadCode
                ? Optional.of(activation.issueBySms(enrollment, false)) : Optional.empty();
        return new Outcome.Done(new Changed(number, replacement, Optional.empty()));
    }

    /** The identity was checked with the number in force (CHANGEABLE holds no later state than VERIFIED). */
    private static boolean afterCheck(Enrollment enrollment) {
        return enrollment.state == EnrollmentState.VERIFIED;
    }

    private Enrollment changeable(String citizenSubject, Optional<Instant> authTime) {
        Enrollment enrollment = Enrollment.openForUpdate(citizenSubject).orElseThrow(() -> DomainException.noEnrollment("You have no enrollment in progress or in force."));
        if (!CHANGEABLE.contains(enrollment.state)) {
            throw new DomainException(409, "phone-not-changeable", "Phone number cannot change now",
                    "The mobile number can change between its first check and the activation (state " + enrollment.state + ").");
        }
        if (afterCheck(enrollment)) {
            recentSignIn.require(authTime);
        }
        return enrollment;
    }
}
