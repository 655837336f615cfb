package fr.idnum.enrollment.support;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.EnrollmentService;
import fr.idnum.enrollment.enrollment.VerificationMode;
import fr.idnum.enrollment.identity.DeclaredIdentity;
import fr.idnum.enrollment.identity.DocumentType;
import fr.idnum.enrollment.identity.Gender;
import fr.idnum.enrollment.identity.PostalAddress;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.phone.PhoneCheckService;
import fr.idnum.enrollment.verification.VerificationService;

/**
 * Brings a citizen's enrollment to a given point through the services themselves (the REST side of each
 * step has its own tests), so a test can exercise the next step under the caller role it is about.
 */
@ApplicationScoped
public class Journeys {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @Inject
    EnrollmentService enrollments;
    @Inject
    PhoneCheckService phoneChecks;
    @Inject
    VerificationService verification;
    @Inject
    RecordingSmsGateway sms;

    /** What a test needs to go on from an enrollment awaiting its in-person check. */
    public record AwaitingCheck(UUID enrollmentId, String subject, String birthName, String activationCode) {
    }

    public AwaitingCheck awaitingInPersonCheck(String subject, String birthName, String mobileSubscriber) {
        DeclaredIdentity identity = new DeclaredIdentity(DocumentType.PASSPORT, "18AB12345", null,
                LocalDate.now().plusYears(5), Gender.MALE, List.of("Jean-Pierre", "Louis"), birthName, null,
                LocalDate.of(1970, 1, 31), "99100", "2A004", "99100",
                new PostalAddress("3 cours Napoléon", null, "20000", "Ajaccio"), "06" + mobileSubscriber, subject + "@example.fr");
        var started = enrollments.start(subject, identity);
        String number = started.firstCode().phoneNumber();
        phoneChecks.verify(subject, started.firstCode().code());
        VerificationService.ModeChosen chosen = verification.choose(subject, VerificationMode.POST_OFFICE, null);
        var firstCode = (fr.idnum.enrollment.activation.CodeDelivery.Sms) chosen.activationCode().orElseThrow();
        return new AwaitingCheck(started.enrollment().id(), subject, birthName, firstCode.code());
    }

    /** An enrollment whose mobile number ({@code 06} + {@code mobileSubscriber}) is proven: PHONE_VERIFIED; returns its id. */
    public UUID phoneVerified(String subject, String birthName, String mobileSubscriber) {
        DeclaredIdentity identity = new DeclaredIdentity(DocumentType.NATIONAL_ID_CARD, "880692310285", null,
                LocalDate.now().plusYears(3), Gender.FEMALE, List.of("Ange"), birthName, null,
                LocalDate.of(1990, 6, 15), "99100", "75107", "99100",
                new PostalAddress("5 rue de Grenelle", null, "75007", "Paris"), "06" + mobileSubscriber, subject + "@example.fr");
        var started = enrollments.start(subject, identity);
        phoneChecks.verify(subject, started.firstCode().code());
        return started.enrollment().id();
    }

    /** An enrollment whose citizen chose the remote check; returns its id. */
    public UUID awaitingRemoteCheck(String subject, String birthName, String mobileSubscriber) {
        UUID id = phoneVerified(subject, birthName, mobileSubscriber);
        verification.choose(subject, VerificationMode.REMOTE, null);
        return id;
    }

    /**
     * Verified by the remote provider (its callback applied through the service): the code went by registered letter.
     */
    public AwaitingCheck remotelyVerified(String subject, String birthName, String mobileSubscriber) {
        UUID id = awaitingRemoteCheck(subject, birthName, mobileSubscriber);
        var outcome = verification.recordRemote(new fr.idnum.enrollment.verification.RemoteVerificationCallback.Verdict(
                "jti-" + subject, id, true, null), "https://remote-provider.test");
        var delivery = (fr.idnum.enrollment.activation.CodeDelivery.ByRegisteredLetter) outcome.activationCode().orElseThrow();
        return new AwaitingCheck(id, subject, birthName, delivery.code().code());
    }

    public AwaitingCheck verified(String subject, String birthName, String mobileSubscriber) {
        AwaitingCheck awaiting = awaitingInPersonCheck(subject, birthName, mobileSubscriber);
        verification.recordCheck(awaiting.enrollmentId(), new Actor("agent-fixture", Actor.AGENT), awaiting.activationCode(),
                true, true, null);
        return awaiting;
    }

    public static String lastCode(String text) {
        Matcher m = CODE.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    // --- Admin: enrollments that went further (or ended) -------------------------------------------------------

    @Inject
    fr.idnum.enrollment.activation.ActivationService activation;

    /** Verified, then activated with its code (as Keycloak redeems it). */
    public AwaitingCheck active(String subject, String birthName, String mobileSubscriber) {
        AwaitingCheck verified = verified(subject, birthName, mobileSubscriber);
        activation.redeem(subject, verified.activationCode(), null, Actor.system("keycloak-fixture"));
        return verified;
    }

    /** Refused by the agent's check. */
    public AwaitingCheck rejected(String subject, String birthName, String mobileSubscriber) {
        AwaitingCheck awaiting = awaitingInPersonCheck(subject, birthName, mobileSubscriber);
        verification.recordCheck(awaiting.enrollmentId(), new Actor("agent-fixture", Actor.AGENT), awaiting.activationCode(), false, true,
                "the document photo does not match");
        return awaiting;
    }
}
