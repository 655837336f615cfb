package fr.idnum.e2e.support;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.enrollment.Enrollment;
import fr.idnum.simulator.enrollment.Identity;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * A citizen's journey up to the activation code, through the real components only: an account in Keycloak
 * (as the sign-up will create it), the phone app (the simulator) signing in and enrolling, the SMS code read
 * from the enrollment service's outbox, and the remote verification provider's signed verdict.
 */
public final class Enrollments {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a citizen stands: their account, their phone app, and (once verified) the activation code. */
    public record Citizen(String username, String userId, PhoneApp phone, Identity identity, String enrollmentId,
                          String activationCode) {
    }

    private Enrollments() {
    }

    /** The 4-digit code the citizens of these tests choose. */
    public static final String PIN = "2580";

    /** A citizen whose phone is activated with {@link #PIN}. */
    public static Citizen activated(ManagedRealm realm) {
        Citizen citizen = verified(realm);
        citizen.phone().activate(citizen.activationCode(), PIN);
        return citizen;
    }

    /**
     * A citizen whose identity was verified remotely: the activation code came by registered electronic letter (never
     * by plain e-mail: whoever reads the mailbox was not checked).
     */
    public static Citizen verified(ManagedRealm realm) {
        Citizen citizen = awaitingVerification(realm);
        EnrollmentService service = EnrollmentService.get();
        var verdict = RemoteVerificationProvider.get().verified(UUID.fromString(citizen.enrollmentId()));
        if (verdict.statusCode() / 100 != 2) {
            throw new AssertionError("The provider's verdict was refused: HTTP " + verdict.statusCode() + " " + verdict.body());
        }
        var letter = service.lastRegisteredLetterTo(citizen.identity().email());
        if (service.outbox().mailTo(citizen.identity().email()).stream().anyMatch(m -> m.body().matches("(?s).*\\b[0-9]{6}\\b.*"))) {
            throw new AssertionError("An activation code went by plain e-mail after a remote check");
        }
        String code = letter.code();
        return new Citizen(citizen.username(), citizen.userId(), citizen.phone(), citizen.identity(), citizen.enrollmentId(), code);
    }

    /**
     * A citizen who chose the post office: the activation code comes by SMS and is what they show the agent,
     * whose check makes it usable.
     */
    public static Citizen awaitingPostOffice(ManagedRealm realm) {
        Citizen citizen = phoneVerified(realm);
        citizen.phone().enrollment().choosePostOffice();
        String code = EnrollmentService.get().lastSmsTo(e164(citizen.identity().mobilePhone())).code();
        return new Citizen(citizen.username(), citizen.userId(), citizen.phone(), citizen.identity(), citizen.enrollmentId(), code);
    }

    /** A citizen whose phone number is proven and who chose the remote check, not done yet. */
    public static Citizen awaitingVerification(ManagedRealm realm) {
        Citizen citizen = phoneVerified(realm);
        citizen.phone().enrollment().chooseRemote();
        return citizen;
    }

    public static String e164(String frenchMobile) {
        String digits = frenchMobile.replace(" ", "");
        return "+33" + digits.substring(1);
    }

    private static Citizen phoneVerified(ManagedRealm realm) {
        EnrollmentService service = EnrollmentService.get();
        String username = Citizens.create(realm, Map.of());
        String userId = realm.admin().users().search(username, true).get(0).getId();
        PhoneApp phone = PhoneApp.at(URI.create(TestEnvironment.ISSUER), URI.create(service.url()), Clock.systemUTC());
        phone.login(username, Citizens.PASSWORD);

        // 061x: a mainland mobile (0639 and 069x are overseas numbers, normalised to +262, +590, +594, +596).
        String mobile = String.format("061%07d", RANDOM.nextInt(10_000_000));
        Identity identity = Identity.example().toBuilder()
                .mobilePhone(mobile)
                .email(username)
                .build();
        Enrollment enrollment = phone.enrollment().start(identity);
        phone.enrollment().verifyPhone(service.lastSmsTo(e164(mobile)).code());
        return new Citizen(username, userId, phone, identity, enrollment.id(), null);
    }
}
