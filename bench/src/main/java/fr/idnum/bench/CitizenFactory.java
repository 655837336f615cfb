package fr.idnum.bench;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.enrollment.DemoOutbox;
import fr.idnum.simulator.enrollment.Enrollment;
import fr.idnum.simulator.enrollment.Identity;
import fr.idnum.simulator.http.Http;

/**
 * Makes the bench's citizens as the system makes real ones: the account through the admin API (as an operator
 * or the sign-up would), and for eidas2 the whole enrollment through the phone app's APIs (the simulator): app
 * sign-in, identity data, SMS code, remote check, activation code by registered letter, activation with a PIN.
 * The codes are read from the enrollment service's demo outbox.
 */
public final class CitizenFactory {

    private final BenchRealm realm;
    private final URI issuer;
    private final URI enrollmentService;
    private final IdentityCheck identityCheck;
    private final DemoOutbox outbox;
    private final SecureRandom random = new SecureRandom();

    public CitizenFactory(BenchRealm realm, URI issuer, URI enrollmentService, IdentityCheck identityCheck) {
        this.realm = realm;
        this.issuer = issuer;
        this.enrollmentService = enrollmentService;
        this.identityCheck = identityCheck;
        this.outbox = new DemoOutbox(enrollmentService, new Http());
    }

    public Citizen create(SignInKind kind) {
        return switch (kind) {
            case PASSWORD -> withPassword();
            case PASSWORD_OTP -> withOneTimeCodes();
            case PUSH -> withPhone();
        };
    }

    public Citizen withPassword() {
        String username = newUsername();
        return new Citizen(username, createUser(username, List.of()), null, null);
    }

    public Citizen withOneTimeCodes() {
        String username = newUsername();
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        Totp totp = new Totp(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        Map<String, Object> otp = new LinkedHashMap<>();
        otp.put("type", "otp");
        otp.put("userLabel", "bench");
        otp.put("secretData", totp.secretData());
        otp.put("credentialData", Totp.credentialData());
        return new Citizen(username, createUser(username, List.of(otp)), totp, null);
    }

    public Citizen withPhone() {
        return activate(enrolledUntilActivation(withPassword()));
    }

    /** A citizen whose phone is enrolled and checked, with the activation code the registered letter brought. */
    public record PendingActivation(Citizen account, PhoneApp phone, String activationCode) {
    }

    /**
     * The enrollment of {@code account} (a citizen with a password) up to its activation, as the app goes through
     * it: the app's sign-in, identity data, the SMS code, the remote check, the activation code by registered letter.
     */
    public PendingActivation enrolledUntilActivation(Citizen account) {
        PhoneApp phone = PhoneApp.at(issuer, enrollmentService, Clock.systemUTC());
        phone.login(account.username(), Citizen.PASSWORD);
        // 061x: a mainland mobile number, random so that each citizen's SMS is told apart.
        String mobile = String.format("061%07d", random.nextInt(10_000_000));
        Identity identity = Identity.example().toBuilder().mobilePhone(mobile).email(account.username()).build();
        Enrollment enrollment = phone.enrollment().start(identity);
        phone.enrollment().verifyPhone(outbox.lastSmsCode(mobile));
        phone.enrollment().chooseRemote();
        identityCheck.verified(enrollment.id());
        return new PendingActivation(account, phone, outbox.lastRegisteredLetterCode(account.username()));
    }

    /** The activation: a key pair and a 4-digit code, the activation code redeemed. */
    public Citizen activate(PendingActivation pending) {
        pending.phone().activate(pending.activationCode(), Citizen.PIN);
        return new Citizen(pending.account().username(), pending.account().userId(), null, pending.phone());
    }

    private String createUser(String username, List<Map<String, Object>> moreCredentials) {
        Map<String, Object> password = Map.of("type", "password", "value", Citizen.PASSWORD, "temporary", false);
        List<Map<String, Object>> credentials = new java.util.ArrayList<>(List.of(password));
        credentials.addAll(moreCredentials);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("email", username);
        user.put("emailVerified", true);
        user.put("enabled", true);
        user.put("credentials", credentials);
        String id = realm.admin().create("/users", user);
        realm.created(id);
        return id;
    }

    private static String newUsername() {
        return "bench-" + UUID.randomUUID().toString().substring(0, 13) + "@example.fr";
    }
}
