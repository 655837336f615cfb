import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.UUID;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.enrollment.DemoOutbox;
import fr.idnum.simulator.enrollment.Identity;
import fr.idnum.simulator.enrollment.RemoteVerdicts;
import fr.idnum.simulator.http.Http;

/**
 * The run command's demo staff (agent.guichet, operateur.demo) get an activated phone, as staff must to sign in to the
 * agents' desk at eidas2. The first staff member cannot be checked at a post office (no agent can sign in yet), so,
 * for the demo only, this program also plays the remote identity-verification provider: it holds a key drawn for
 * this machine, whose public half the run command gives the enrollment service (IDNUM_REMOTE_VERIFICATION_JWKS),
 * and signs the "verified" callback the real provider would post after its check. Everything else goes through the
 * public APIs as the phone app does (the simulator), the codes read from the enrollment service's demo outbox, the
 * verdict signed and posted by the simulator's RemoteVerdicts.
 *
 * Run with the simulator's command-line jar on the class path (it carries the simulator and nimbus):
 *   java -cp simulator/target/idnum-simulator-*-cli.jar bin/demo-staff/DemoStaff.java keygen KEY_FILE
 *       draws the demo provider's key into KEY_FILE (mode 600) unless it exists; prints the public JWKS
 *   java -cp ... bin/demo-staff/DemoStaff.java enroll ISSUER ENROLLMENT_URL KEY_FILE PROVIDER_ISSUER STATE_FILE
 *       USERNAME PASSWORD EMAIL GIVEN_NAME BIRTH_NAME MOBILE PIN
 *       enrolls the account's phone and activates it; the phone's state goes to STATE_FILE, for the simulator's
 *       command line (approve --pin PIN --number N)
 *   java -cp ... bin/demo-staff/DemoStaff.java post-office ISSUER ENROLLMENT_URL USERNAME PASSWORD EMAIL MOBILE
 *       enrolls the account (as Marie Dupont, the simulator's example identity) up to the in-person check: the
 *       activation code to show the agent is in the SMS outbox
 * Never prints a code, a PIN, a password or a token.
 */
public final class DemoStaff {

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("keygen")) {
            System.out.println(keygen(Path.of(args[1])));
        } else if (args.length == 13 && args[0].equals("enroll")) {
            enroll(args);
        } else if (args.length == 7 && args[0].equals("post-office")) {
            awaitPostOffice(args);
        } else {
            System.err.println("usage: keygen KEY_FILE | enroll ISSUER ENROLLMENT_URL KEY_FILE PROVIDER_ISSUER STATE_FILE USERNAME"
                    + " PASSWORD EMAIL GIVEN_NAME BIRTH_NAME MOBILE PIN");
            System.exit(2);
        }
    }

    private static String keygen(Path keyFile) throws Exception {
        if (!Files.exists(keyFile)) {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID("demo-provider-" + UUID.randomUUID()).generate();
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Files.writeString(keyFile, key.toJSONString());
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        }
        return new JWKSet(ECKey.parse(Files.readString(keyFile)).toPublicJWK()).toString(true);
    }

    private static void enroll(String[] a) throws Exception {
        URI issuer = URI.create(a[1]);
        URI enrollment = URI.create(a[2]);
        ECKey key = ECKey.parse(Files.readString(Path.of(a[3])));
        String providerIssuer = a[4];
        Path state = Path.of(a[5]);
        String username = a[6], password = a[7], email = a[8], given = a[9], birthName = a[10], mobile = a[11], pin = a[12];

        Http http = new Http();
        DemoOutbox outbox = new DemoOutbox(enrollment, http);
        PhoneApp phone = PhoneApp.at(issuer, enrollment, Clock.systemUTC());
        phone.login(username, password);
        Identity identity = Identity.example().toBuilder().givenNames(given).birthName(birthName).usageName(null)
                .mobilePhone(mobile).email(email).build();
        String enrollmentId = phone.enrollment().start(identity).id();
        phone.enrollment().verifyPhone(outbox.lastSmsCode(mobile));
        phone.enrollment().chooseRemote();
        new RemoteVerdicts(enrollment, key, providerIssuer, http, Clock.systemUTC()).verified(enrollmentId);
        phone.activate(outbox.lastRegisteredLetterCode(email), pin);
        Files.createDirectories(state.toAbsolutePath().getParent());
        phone.save(state);
        System.out.println(username + ": phone activated (credential " + phone.credentialId() + "), state in " + state);
    }

    private static void awaitPostOffice(String[] a) throws Exception {
        URI enrollment = URI.create(a[2]);
        String username = a[3], password = a[4], email = a[5], mobile = a[6];
        PhoneApp phone = PhoneApp.at(URI.create(a[1]), enrollment, Clock.systemUTC());
        phone.login(username, password);
        phone.enrollment().start(Identity.example().toBuilder().mobilePhone(mobile).email(email).build());
        phone.enrollment().verifyPhone(new DemoOutbox(enrollment, new Http()).lastSmsCode(mobile));
        phone.enrollment().choosePostOffice();
        System.out.println(username + ": awaiting the in-person check; activation code in the SMS outbox for " + mobile);
    }
}
