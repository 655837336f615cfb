package fr.idnum.enrollment.phone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentLifecycle;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.secret.SecretCodes;

/**
 * The 6-digit SMS code proving the citizen holds the mobile number they declared: lifetime, attempt limit,
 * resend cooldown and a bounded number of sends. Methods return the code to send (never stored in clear)
 * or an outcome; counters are committed even when the answer is a refusal.
 */
@ApplicationScoped
public class PhoneCheckService {

    public static final String PURPOSE = "phone-check";
    public static final int DIGITS = 6;

    private final SecretCodes codes;
    private final PhoneCheckConfig config;
    private final EnrollmentLifecycle lifecycle;
    private final Clock clock;

    PhoneCheckService(SecretCodes codes, PhoneCheckConfig config, EnrollmentLifecycle lifecycle, Clock clock) {
        this.codes = codes;
        this.config = config;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** A code to send, or why none may be sent now. */
    public sealed interface Issue {
        record Send(String phoneNumber, String code) implements Issue {
        }

        record TooSoon(Duration retryAfter) implements Issue {
        }

        record NoMoreSends() implements Issue {
        }
    }

    /** The first code of a new enrollment, in the transaction that creates it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Issue.Send first(Enrollment enrollment) {
        Instant now = clock.instant();
        String code = codes.newCode(DIGITS);
        PhoneCheck check = new PhoneCheck();
        check.enrollmentId = enrollment.id;
        check.phoneNumber = enrollment.identity.mobilePhone;
        check.renew(codes.hash(PURPOSE, enrollment.id.toString(), code), now, config);
        check.persist();
        return new Issue.Send(check.phoneNumber, code);
    }

    /** A fresh code (the previous one dies), within the cooldown and the number of sends. */
    @Transactional
    public Issue resend(String citizenSubject) {
        Enrollment enrollment = draftOf(citizenSubject);
        PhoneCheck check = PhoneCheck.findById(enrollment.id);
        Instant now = clock.instant();
        var refusal = check.refusalToResend(now, config);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        String code = codes.newCode(DIGITS);
        check.renew(codes.hash(PURPOSE, enrollment.id.toString(), code), now, config);
        return new Issue.Send(check.phoneNumber, code);
    }

    /** What came of a code the citizen typed. */
    public sealed interface Outcome {
        record Verified() implements Outcome {
        }

        record Wrong(int attemptsLeft) implements Outcome {
        }

        record Expired() implements Outcome {
        }

        record Exhausted() implements Outcome {
        }
    }

    @Transactional
    public Outcome verify(String citizenSubject, String candidate) {
        Enrollment enrollment = draftOf(citizenSubject);
        PhoneCheck check = PhoneCheck.findById(enrollment.id);
        Outcome outcome = check.attempt(() -> codes.matches(PURPOSE, enrollment.id.toString(), candidate, check.codeHash),
                clock.instant(), config);
        if (!(outcome instanceof Outcome.Verified)) {
            return outcome;
        }
        check.delete();
        lifecycle.move(enrollment, EnrollmentState.PHONE_VERIFIED, Actor.citizen(citizenSubject), "phone-verified", null);
        return new Outcome.Verified();
    }

    private static Enrollment draftOf(String citizenSubject) {
        Enrollment enrollment = Enrollment.openForUpdate(citizenSubject).orElseThrow(() -> new DomainException(404,
                "no-enrollment", "No enrollment", "You have no enrollment in progress or in force."));
        if (enrollment.state != EnrollmentState.DRAFT) {
            throw new DomainException(409, "phone-already-verified", "Phone already verified",
                    "The mobile number of this enrollment is already verified (state " + enrollment.state + ").");
        }
        return enrollment;
    }
}
