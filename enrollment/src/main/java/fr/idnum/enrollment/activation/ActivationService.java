package fr.idnum.enrollment.activation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentLifecycle;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.enrollment.VerificationMode;
import fr.idnum.enrollment.identity.IdentityRules;
import fr.idnum.enrollment.identity.IdentityData;
import fr.idnum.enrollment.identity.PostalAddress;
import fr.idnum.enrollment.messaging.RegisteredLetter;
import fr.idnum.enrollment.onetimecode.Attempt;
import fr.idnum.enrollment.onetimecode.CountedSend;
import fr.idnum.enrollment.onetimecode.Issue;
import fr.idnum.enrollment.onetimecode.OneTimeCodeProblems;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.recovery.RecoveryConfig;
import fr.idnum.enrollment.secret.SecretCodes;

/**
 * Activation codes: issued when the citizen chooses an in-person check, looked up by the agent with the
 * birth name, redeemed once by Keycloak for the citizen's account when the identity is VERIFIED.
 * Redemption locks the enrollment row, so concurrent calls are served one after the other: exactly one
 * redeems, any other is refused. A retry gets the identity again only with the same idempotency key, the same
 * code (compared and counted like any attempt) and within {@link ActivationConfig#retryWindow()}; the answer says
 * it is a replay, so that Keycloak never lets one replace a phone it already holds.
 *
 * <p>After the identity check, a code that replaces one on a lost or changed phone is posted to the verified address
 * ({@link #issueByLetter}) and cannot be redeemed before {@link RecoveryConfig#coolingOff()}; its own replacements
 * (resends, reissues) are posted too, until it is redeemed.
 *
 * <p>Longer than our usual ~250 lines: it is the whole life of one row (issue in its three forms, resend, the agent's
 * check, redemption and its replay), each step under the same enrollment lock. Redemption is the part to move out
 * first, into its own class, when the tests that reach it here are moved with it.
 */
@ApplicationScoped
public class ActivationService {

    public static final String PURPOSE = "activation";
    static final String LOOKUP_PURPOSE = "activation-lookup";
    public static final int DIGITS = 6;
    /** How the refusals name this code (to Keycloak and the citizen). */
    public static final OneTimeCodeProblems.Wording WORDING = new OneTimeCodeProblems.Wording(
            "This is not the activation code.",
            "The activation code has expired: ask for a new one.",
            "Too many wrong attempts", "Too many wrong activation codes were typed: ask for a new one.",
            "The maximum number of activation codes for this enrollment has been sent. Contact support.");

    private final SecretCodes codes;
    private final ActivationConfig config;
    private final RecoveryConfig recovery;
    private final EnrollmentLifecycle lifecycle;
    private final Clock clock;

    ActivationService(SecretCodes codes, ActivationConfig config, RecoveryConfig recovery, EnrollmentLifecycle lifecycle,
                      Clock clock) {
        this.codes = codes;
        this.config = config;
        this.recovery = recovery;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** A code just put in force, and its send as counted (taken back if the provider refuses it). */
    private record Issued(String code, CountedSend counted) {
    }

    /**
     * Issues (or replaces) the enrollment's activation code, to be texted to the enrollment's mobile number once
     * committed and redeemable at once ({@code first}: the code of the in-person check, not a replacement).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CodeDelivery.Sms issueBySms(Enrollment enrollment, boolean first) {
        Issued issued = issue(enrollment);
        return new CodeDelivery.Sms(enrollment.identity.mobilePhone, issued.code(), first, issued.counted());
    }

    /** Puts a new code in force, redeemable at once; how it travels is the caller's. */
    private Issued issue(Enrollment enrollment) {
        String code = codes.newCode(DIGITS);
        ActivationCode row = ActivationCode.findById(enrollment.id);
        Instant now = clock.instant();
        if (row == null) {
            row = new ActivationCode();
            row.enrollmentId = enrollment.id;
        }
        CountedSend counted = row.renew(codes.hash(PURPOSE, enrollment.id.toString(), code), now, config);
        row.lookupHash = codes.hash(LOOKUP_PURPOSE, "", code);
        row.redeemedAt = null;
        row.redeemedBy = null;
        row.idempotencyKey = null;
        row.byLetter = false;
        row.notBefore = null;
        row.persist();
        return new Issued(code, counted);
    }

    /**
     * Its provider refused the code of {@code counted} ({@link ActivationCodeDelivery}): the send no longer counts
     * toward the cooldown nor the codes the enrollment may have. Its own transaction, under the enrollment's lock.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void notSent(CountedSend counted) {
        Enrollment.findById(counted.enrollmentId(), LockModeType.PESSIMISTIC_WRITE);
        ActivationCode row = ActivationCode.findById(counted.enrollmentId());
        if (row != null) {
            row.notSent(counted);
        }
    }

    /**
     * Issues (or replaces) the enrollment's activation code, to be posted to the verified address after commit;
     * it works only once the cooling-off is over.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PostedCode issueByLetter(Enrollment enrollment) {
        Issued issued = issue(enrollment);
        ActivationCode row = ActivationCode.findById(enrollment.id);
        row.byLetter = true;
        // Whole seconds (rounded up): it is printed on the letter and answered as not_before.
        row.notBefore = row.issuedAt.plus(recovery.coolingOff()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        IdentityData identity = enrollment.identity;
        String name = identity.givenNames + " " + (identity.usageName != null ? identity.usageName : identity.birthName);
        return new PostedCode(enrollment.id, name, new PostalAddress(identity.addressLine1, identity.addressLine2,
                identity.postalCode, identity.city), issued.code(), row.notBefore, row.expiresAt, issued.counted());
    }

    /** Whether the code in force travels by post: its replacements must, too. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean postedCodeInForce(Enrollment enrollment) {
        ActivationCode row = ActivationCode.findById(enrollment.id);
        return row != null && row.byLetter && row.redeemedAt == null;
    }

    /**
     * Issues a code that replaces the one in force, to go where that one went: by post if it had been posted (then
     * its replacements are too, until one is redeemed), by registered letter after a remote check, by SMS otherwise
     * (the number shown to the agent at an in-person check).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CodeDelivery replacement(Enrollment enrollment) {
        if (postedCodeInForce(enrollment)) {
            return new CodeDelivery.Post(issueByLetter(enrollment), enrollment.identity.email);
        }
        if (enrollment.verificationMode == VerificationMode.REMOTE) {
            return new CodeDelivery.ByRegisteredLetter(issueRegistered(enrollment));
        }
        return issueBySms(enrollment, false);
    }

    /**
     * Issues (or replaces) the code of an enrollment whose identity a remote provider checked: it goes by registered
     * electronic letter, opened only to the person the letter's provider identifies as the one verified.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RegisteredCode issueRegistered(Enrollment enrollment) {
        Issued issued = issue(enrollment);
        ActivationCode row = ActivationCode.findById(enrollment.id);
        IdentityData identity = enrollment.identity;
        return new RegisteredCode(enrollment.id, identity.email,
                new RegisteredLetter.Addressee(identity.givenNames, identity.birthName, identity.birthDate), issued.code(), row.expiresAt,
                issued.counted());
    }

    /**
     * The citizen lost their code: a new one the way the first went ({@link #replacement}), within the cooldown and the
     * bound.
     */
    @Transactional
    public Issue<CodeDelivery> resend(String citizenSubject) {
        Enrollment enrollment = Enrollment.openForUpdate(citizenSubject).orElseThrow(() -> DomainException.noEnrollment("You have no enrollment in progress or in force."));
        ActivationCode row = ActivationCode.findById(enrollment.id);
        boolean resendable = enrollment.state == EnrollmentState.AWAITING_VERIFICATION || enrollment.state == EnrollmentState.VERIFIED;
        if (row == null || row.redeemedAt != null || !resendable) {
            throw new DomainException(409, "no-activation-code", "No activation code to resend",
                    "This enrollment has no activation code that can be sent again (state " + enrollment.state + ").");
        }
        var refusal = row.<CodeDelivery>refusalToResend(clock.instant(), config);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        return new Issue.Send<>(replacement(enrollment));
    }

    /** Enrollments awaiting an in-person check whose code and birth name are the ones the citizen shows. */
    @Transactional
    public List<Enrollment> findAwaitingCheck(String code, String birthName) {
        String normalisedName = IdentityRules.normalisedName(birthName);
        List<ActivationCode> candidates = ActivationCode.list("lookupHash", codes.hash(LOOKUP_PURPOSE, "", code));
        return candidates.stream()
                .map(c -> (Enrollment) Enrollment.findById(c.enrollmentId))
                .filter(Objects::nonNull)
                .filter(e -> e.state == EnrollmentState.AWAITING_VERIFICATION)
                .filter(e -> e.identity.birthName.equals(normalisedName))
                .filter(e -> codes.matches(PURPOSE, e.id.toString(), code, ((ActivationCode) ActivationCode.findById(e.id)).codeHash))
                .toList();
    }

    /**
     * Checks the code the citizen shows the agent against this enrollment's: the check is bound to the code, not
     * only to the enrollment's id. A wrong one costs an attempt of the same counter as a redemption (five, then the
     * code is dead), so the agent API cannot be used to guess codes either.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Attempt checkShown(Enrollment enrollment, String candidate) {
        ActivationCode code = ActivationCode.findById(enrollment.id);
        if (code == null || code.redeemedAt != null || code.exhausted(config)) {
            return new Attempt.Exhausted();
        }
        return compare(enrollment, code, candidate);
    }

    /**
     * Compares {@code candidate} with the code, in constant time; a wrong one costs an attempt. Redemption and the
     * agent's check share it.
     */
    private Attempt compare(Enrollment enrollment, ActivationCode code, String candidate) {
        return code.compare(() -> codes.matches(PURPOSE, enrollment.id.toString(), candidate, code.codeHash), config);
    }

    /** A code not accepted, as a redemption's outcome. */
    private static Redemption refused(Attempt attempt) {
        if (attempt instanceof Attempt.Wrong wrong) {
            return new Redemption.Wrong(wrong.attemptsLeft());
        }
        return attempt instanceof Attempt.Expired ? new Redemption.Expired() : new Redemption.Exhausted();
    }

    /** What came of a redemption. */
    public sealed interface Redemption {
        /** {@code replayed}: this redemption was already made; the same caller is answered again. */
        record Redeemed(IdentityClaims claims, boolean replayed) implements Redemption {
        }

        record Wrong(int attemptsLeft) implements Redemption {
        }

        record Expired() implements Redemption {
        }

        record Exhausted() implements Redemption {
        }

        record NotRedeemable(EnrollmentState state) implements Redemption {
        }

        record AlreadyRedeemed() implements Redemption {
        }

        /** A posted code before the end of its cooling-off: not even compared, so no attempt is spent. */
        record CoolingOff(Instant notBefore) implements Redemption {
        }
    }

    @Transactional
    public Redemption redeem(String citizenSubject, String candidate, String idempotencyKey, Actor caller) {
        Enrollment enrollment = Enrollment.<Enrollment>find("ownerSubject = ?1 and state in ?2", citizenSubject,
                        List.of(EnrollmentState.VERIFIED, EnrollmentState.ACTIVE, EnrollmentState.AWAITING_VERIFICATION,
                                EnrollmentState.PHONE_VERIFIED, EnrollmentState.DRAFT, EnrollmentState.SUSPENDED))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> DomainException.noEnrollment("This account has no enrollment in progress or in force."));
        ActivationCode code = ActivationCode.findById(enrollment.id);
        if (code == null) {
            return new Redemption.NotRedeemable(enrollment.state);
        }
        if (code.redeemedAt != null) {
            return replay(enrollment, code, citizenSubject, candidate, idempotencyKey);
        }
        if (enrollment.state != EnrollmentState.VERIFIED) {
            return new Redemption.NotRedeemable(enrollment.state);
        }
        Instant now = clock.instant();
        var dead = code.refusalBeforeComparing(now, config);
        if (dead.isPresent()) {
            return refused(dead.get());
        }
        if (code.notBefore != null && now.isBefore(code.notBefore)) {
            return new Redemption.CoolingOff(code.notBefore);
        }
        Attempt attempt = compare(enrollment, code, candidate);
        if (!(attempt instanceof Attempt.Accepted)) {
            return refused(attempt);
        }
        code.redeemedAt = now;
        code.redeemedBy = citizenSubject;
        code.idempotencyKey = idempotencyKey;
        lifecycle.move(enrollment, EnrollmentState.ACTIVE, caller, "activated", null);
        return new Redemption.Redeemed(IdentityClaims.of(enrollment.identity), false);
    }

    /**
     * A redeemed code asked for again. Answered only to the caller that redeemed it (same idempotency key, which
     * Keycloak derives from the account and the device key), with the same code, soon after: a phone that holds
     * its key but not the code, or comes back later, cannot get the identity (and with it a new credential) again.
     * A wrong code costs an attempt, as before the redemption.
     */
    private Redemption replay(Enrollment enrollment, ActivationCode code, String citizenSubject, String candidate,
                              String idempotencyKey) {
        boolean sameCaller = idempotencyKey != null && idempotencyKey.equals(code.idempotencyKey)
                && citizenSubject.equals(code.redeemedBy) && enrollment.state == EnrollmentState.ACTIVE;
        boolean inWindow = clock.instant().isBefore(code.redeemedAt.plus(config.retryWindow()));
        if (!sameCaller || !inWindow) {
            return new Redemption.AlreadyRedeemed();
        }
        if (code.exhausted(config)) {
            return new Redemption.Exhausted();
        }
        Attempt attempt = compare(enrollment, code, candidate);
        if (!(attempt instanceof Attempt.Accepted)) {
            return refused(attempt);
        }
        return new Redemption.Redeemed(IdentityClaims.of(enrollment.identity), true);
    }
}
