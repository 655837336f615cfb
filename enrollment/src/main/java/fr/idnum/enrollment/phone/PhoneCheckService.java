package fr.idnum.enrollment.phone;

import fr.idnum.enrollment.enrollment.SmsCode;
import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentLifecycle;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.enrollment.MobileCheck;
import fr.idnum.enrollment.messaging.MessageNotSentException;
import fr.idnum.enrollment.messaging.SmsGateway;
import fr.idnum.enrollment.onetimecode.Attempt;
import fr.idnum.enrollment.onetimecode.CountedSend;
import fr.idnum.enrollment.onetimecode.Issue;
import fr.idnum.enrollment.onetimecode.OneTimeCodeProblems;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.secret.SecretCodes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * The 6-digit SMS code proving the citizen holds the mobile number they declared: lifetime, attempt limit,
 * resend cooldown and a bounded number of sends. Methods return the code to send (never stored in clear)
 * or an outcome; counters are committed even when the answer is a refusal. A send the gateway refuses is taken
 * back ({@link #send}): only the SMS that left count toward the cooldown and the bound.
 */
@ApplicationScoped
public class PhoneCheckService implements MobileCheck {

    private static final Logger LOG = Logger.getLogger(PhoneCheckService.class);

    public static final String PURPOSE = "phone-check";
    public static final int DIGITS = 6;

    private final SecretCodes codes;
    private final PhoneCheckConfig config;
    private final EnrollmentLifecycle lifecycle;
    private final SmsGateway sms;
    private final Clock clock;

    PhoneCheckService(SecretCodes codes, PhoneCheckConfig config, EnrollmentLifecycle lifecycle, SmsGateway sms, Clock clock) {
        this.codes = codes;
        this.config = config;
        this.lifecycle = lifecycle;
        this.sms = sms;
        this.clock = clock;
    }

    /** How the refusals name this code. */
    static final OneTimeCodeProblems.Wording WORDING = new OneTimeCodeProblems.Wording(
            "This is not the code we sent.",
            "This code has expired: ask for a new one.",
            "Too many wrong attempts", "Too many wrong codes were typed: ask for a new one.",
            "The maximum number of codes for this enrollment has been sent. Contact support.");

    /** The first code of a new enrollment, in the transaction that creates it. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public SmsCode first(Enrollment enrollment) {
        Instant now = clock.instant();
        String code = codes.newCode(DIGITS);
        PhoneCheck check = new PhoneCheck();
        check.enrollmentId = enrollment.id;
        check.phoneNumber = enrollment.identity.mobilePhone;
        CountedSend counted = check.renew(codes.hash(PURPOSE, enrollment.id.toString(), code), now, config);
        check.persist();
        return new SmsCode(check.phoneNumber, code, counted);
    }

    /**
     * Once the code is committed: the citizen never holds a code the database does not. If the gateway refuses it,
     * the send is taken back in a transaction of its own before the refusal (503) is answered; should that fail too
     * (the database down as well), the send stays counted, which errs on the side of fewer SMS.
     */
    @Override
    public void send(SmsCode code) {
        try {
            PhoneCodeMessage.send(sms, code, config.codeLifetime());
        } catch (MessageNotSentException refused) {
            try {
                QuarkusTransaction.requiringNew().run(() -> notSent(code.counted()));
            } catch (RuntimeException e) {
                LOG.warnf("SMS code not sent and its send not taken back: %s", e.getClass().getSimpleName());
                refused.addSuppressed(e);
            }
            throw refused;
        }
    }

    /** The gateway refused this code: under the enrollment's lock, as every change of the code's counters. */
    void notSent(CountedSend counted) {
        Enrollment.findById(counted.enrollmentId(), LockModeType.PESSIMISTIC_WRITE);
        PhoneCheck check = PhoneCheck.findById(counted.enrollmentId());
        if (check != null) {
            check.notSent(counted);
        }
    }

    /** A fresh code (the previous one dies), within the cooldown and the number of sends. */
    @Transactional
    public Issue<SmsCode> resend(String citizenSubject) {
        Enrollment enrollment = draftOf(citizenSubject);
        PhoneCheck check = PhoneCheck.findById(enrollment.id);
        Instant now = clock.instant();
        var refusal = check.<SmsCode>refusalToResend(now, config);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        String code = codes.newCode(DIGITS);
        CountedSend counted = check.renew(codes.hash(PURPOSE, enrollment.id.toString(), code), now, config);
        return new Issue.Send<>(new SmsCode(check.phoneNumber, code, counted));
    }

    /** The code the citizen typed: on {@link Attempt.Accepted} the enrollment is PHONE_VERIFIED. */
    @Transactional
    public Attempt verify(String citizenSubject, String candidate) {
        Enrollment enrollment = draftOf(citizenSubject);
        PhoneCheck check = PhoneCheck.findById(enrollment.id);
        Attempt outcome = check.attempt(() -> codes.matches(PURPOSE, enrollment.id.toString(), candidate, check.codeHash),
                clock.instant(), config);
        if (!(outcome instanceof Attempt.Accepted)) {
            return outcome;
        }
        check.delete();
        lifecycle.move(enrollment, EnrollmentState.PHONE_VERIFIED, Actor.citizen(citizenSubject), "phone-verified", null);
        return outcome;
    }

    private static Enrollment draftOf(String citizenSubject) {
        Enrollment enrollment = Enrollment.openForUpdate(citizenSubject).orElseThrow(() -> DomainException.noEnrollment("You have no enrollment in progress or in force."));
        if (enrollment.state != EnrollmentState.DRAFT) {
            throw new DomainException(409, "phone-already-verified", "Phone already verified",
                    "The mobile number of this enrollment is already verified (state " + enrollment.state + ").");
        }
        return enrollment;
    }
}
