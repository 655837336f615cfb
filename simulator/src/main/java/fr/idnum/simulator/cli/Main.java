package fr.idnum.simulator.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.Platform;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.device.Activation;
import fr.idnum.simulator.device.DeviceState;
import fr.idnum.simulator.device.UntrustedChallenge;
import fr.idnum.simulator.http.Refusal;
import fr.idnum.simulator.login.LoginFailed;
import fr.idnum.simulator.realm.Realm;

/**
 * The phone simulator on the command line, one command per run, the phone's state kept in a JSON file between
 * runs. Exit codes: 0 done, 1 refused by the server (its problem is printed) or no sign-in challenge to answer,
 * 2 wrong command line, 3 the server could not be reached, answered something unexpected or sent a challenge the
 * phone does not trust. PINs and codes are never printed.
 *
 * <p>Longer than our usual ~250 lines: a tenth of it is the usage text, and the rest is one switch over the commands,
 * each a few lines handing over to {@link fr.idnum.simulator.PhoneApp}; a command that grows gets its own class.
 */
public final class Main {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;

    static final String USAGE_TEXT = """
            Usage: idnum-simulator --issuer URL --state FILE [--enrollment URL] COMMAND [OPTIONS]

              --issuer URL       the realm, e.g. http://localhost:8080/realms/idnum
              --state FILE       the phone's state (device key, credential id); written by activate
              --enrollment URL   the enrollment service, e.g. http://localhost:8081 (unused by these commands)

            Commands:
              activate --username U --password P --code 123456 --pin 2580
                       [--label TEXT] [--push-token T] [--platform android|ios]
                                 log in as the app, then activate a new device key
              push-token --token T --pin 2580
                                 replace the push registration token (with the 4-digit code)
              change-pin --old 2580 --new 1397
                                 change the 4-digit code
              deactivate [--pin 2580]
                                 deactivate this phone (its key is then forgotten); the code is needed
                                 unless the phone is locked
              show               print the phone's state (never its key)
              challenge          print the sign-in challenge waiting for this phone: who asks, from which
                                 browser and system, whether a number must be typed, until when
              approve --pin 2580 [--number 42]
                                 approve the waiting sign-in; --number is the two digits the browser shows,
                                 needed exactly when the challenge asks for one
              deny               refuse the waiting sign-in
              not-me             refuse the waiting sign-in and report it ("ce n'était pas moi"): every
                                 sign-in of this citizen is locked until unlock
              unlock --pin 2580  lift that lock (with the 4-digit code)
            """;

    private static final Set<String> GLOBAL = Set.of("issuer", "state", "enrollment");
    private static final String NO_CHALLENGE = "No sign-in challenge is waiting for this phone";
    private static final String TOKEN_UNREGISTERED = "Push token:    the push service no longer knows it; nothing is pushed"
            + " to this phone until a new one is sent (approve sends one with its --pin)";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    Main(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, Clock.systemUTC()).run(args));
    }

    int run(String[] args) {
        try {
            return execute(Arguments.parse(args));
        } catch (Arguments.UsageError e) {
            err.println(e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (Refusal e) {
            err.println("Refused: " + e.problem().summary());
            return REFUSED;
        } catch (LoginFailed e) {
            err.println("Login failed: " + e.getMessage());
            return REFUSED;
        } catch (UntrustedChallenge e) {
            err.println("Untrusted challenge: " + e.getMessage());
            return FAILED;
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            err.println("Failed: " + e.getMessage());
            return FAILED;
        }
    }

    private int execute(Arguments args) throws Arguments.UsageError {
        URI issuer = URI.create(args.required("issuer"));
        Path stateFile = Path.of(args.required("state"));
        URI enrollment = args.optional("enrollment").map(URI::create).orElse(null);
        switch (args.command()) {
            case "activate" -> activate(args, issuer, stateFile, enrollment);
            case "push-token" -> {
                allow(args, "token", "pin");
                PhoneApp phone = load(stateFile, issuer, enrollment);
                phone.updatePushToken(args.required("token"), args.required("pin"));
                phone.save(stateFile);
                out.println("Push token updated for " + phone.credentialId());
            }
            case "change-pin" -> {
                allow(args, "old", "new");
                PhoneApp phone = load(stateFile, issuer, enrollment);
                phone.changePin(args.required("old"), args.required("new"));
                out.println("PIN changed for " + phone.credentialId());
            }
            case "deactivate" -> {
                allow(args, "pin");
                PhoneApp phone = load(stateFile, issuer, enrollment);
                String credentialId = phone.credentialId();
                phone.deactivate(args.optional("pin").orElse(null));
                phone.save(stateFile);
                out.println("Deactivated " + credentialId);
            }
            case "show" -> {
                allow(args);
                show(load(stateFile, issuer, enrollment).state());
            }
            case "challenge" -> {
                allow(args);
                PhoneApp phone = load(stateFile, issuer, enrollment);
                Optional<Challenges.Challenge> pending = phone.pendingChallenge();
                pending.ifPresentOrElse(this::showChallenge, () -> out.println(NO_CHALLENGE));
                if (phone.pushTokenUnregistered()) {
                    out.println(TOKEN_UNREGISTERED);
                }
            }
            case "approve" -> {
                return approve(args, stateFile, issuer, enrollment);
            }
            case "deny" -> {
                return refuse(args, stateFile, issuer, enrollment, PhoneApp::deny, "denied");
            }
            case "not-me" -> {
                return refuse(args, stateFile, issuer, enrollment, PhoneApp::reportFraud,
                        "refused and reported; every sign-in is locked until 'unlock'");
            }
            case "unlock" -> {
                allow(args, "pin");
                PhoneApp phone = load(stateFile, issuer, enrollment);
                phone.unlockSignIns(args.required("pin"));
                out.println("Sign-ins unlocked");
            }
            default -> throw new Arguments.UsageError("Unknown command " + args.command());
        }
        return OK;
    }

    private int approve(Arguments args, Path stateFile, URI issuer, URI enrollment) throws Arguments.UsageError {
        allow(args, "pin", "number");
        String pin = args.required("pin");
        Integer number = number(args);
        PhoneApp phone = load(stateFile, issuer, enrollment);
        Optional<Challenges.Challenge> pending = phone.pendingChallenge();
        if (pending.isEmpty()) {
            err.println(NO_CHALLENGE);
            return REFUSED;
        }
        Challenges.Challenge challenge = pending.get();
        if (challenge.numberMatching() && (number == null || !Challenges.Challenge.wellFormedNumber(number))) {
            throw new Arguments.UsageError("This sign-in asks for the number the browser shows: --number with its two digits");
        }
        if (!challenge.numberMatching() && number != null) {
            throw new Arguments.UsageError("This sign-in asks for no number: approve it with --pin only");
        }
        boolean renew = phone.pushTokenUnregistered();
        if (number == null) {
            phone.approve(challenge, pin);
        } else {
            phone.approve(challenge, pin, number);
        }
        out.println("Sign-in to " + challenge.clientName() + " approved");
        savedIfRenewed(phone, renew, stateFile);
        return OK;
    }

    /** The phone sent a fresh push token with the code just typed, as the realm asked: kept in the state file. */
    private void savedIfRenewed(PhoneApp phone, boolean renewed, Path stateFile) {
        if (renewed) {
            phone.save(stateFile);
            out.println("Push token renewed: the push service no longer knew the previous one");
        }
    }

    /** Refuses the waiting challenge without a PIN ({@code deny}, {@code not-me}); {@code outcome} ends the message. */
    private int refuse(Arguments args, Path stateFile, URI issuer, URI enrollment,
                       BiConsumer<PhoneApp, Challenges.Challenge> answer, String outcome) throws Arguments.UsageError {
        allow(args);
        PhoneApp phone = load(stateFile, issuer, enrollment);
        Optional<Challenges.Challenge> pending = phone.pendingChallenge();
        if (pending.isEmpty()) {
            err.println(NO_CHALLENGE);
            return REFUSED;
        }
        answer.accept(phone, pending.get());
        out.println("Sign-in to " + pending.get().clientName() + " " + outcome);
        return OK;
    }

    private void showChallenge(Challenges.Challenge challenge) {
        out.println("Sign-in to:    " + challenge.clientName());
        out.println("Browser:       " + challenge.browser() + " on " + challenge.operatingSystem());
        out.println("Number:        " + (challenge.numberMatching() ? "type the 2-digit number the browser shows (--number)"
                : "none asked"));
        if (challenge.replacesPrevious()) {
            out.println("Replaces:      an earlier request that was still waiting; if you did not ask twice, deny it");
        }
        out.println("Requested at:  " + challenge.requestedAt());
        out.println("Expires at:    " + challenge.expiresAt());
    }

    /** The --number option, or null when absent. */
    private static Integer number(Arguments args) throws Arguments.UsageError {
        Optional<String> text = args.optional("number");
        try {
            return text.isEmpty() ? null : Integer.valueOf(text.get());
        } catch (NumberFormatException e) {
            throw new Arguments.UsageError("--number must be a whole number");
        }
    }

    private void activate(Arguments args, URI issuer, Path stateFile, URI enrollment) throws Arguments.UsageError {
        allow(args, "username", "password", "code", "pin", "label", "push-token", "platform");
        String username = args.required("username");
        String password = args.required("password");
        String code = args.required("code");
        String pin = args.required("pin");
        String platformName = args.optional("platform").orElse(Platform.ANDROID.wireName());
        Platform platform = Platform.fromWire(platformName)
                .orElseThrow(() -> new Arguments.UsageError("--platform must be android or ios"));
        String label = args.optional("label").orElse(PhoneApp.DEFAULT_LABEL);
        String pushToken = args.optional("push-token").orElse("sim-" + UUID.randomUUID());

        PhoneApp phone = PhoneApp.at(issuer, enrollment, clock);
        phone.login(username, password);
        Activation activation = phone.activate(code, pin, pushToken, platform, label);
        phone.save(stateFile);
        out.println("Activated " + activation.credentialId() + " (" + activation.deviceLabel() + ")");
        out.println("State saved to " + stateFile);
    }

    private PhoneApp load(Path stateFile, URI issuer, URI enrollment) throws Arguments.UsageError {
        if (!Files.isRegularFile(stateFile)) {
            throw new Arguments.UsageError("No phone state at " + stateFile + ": run activate first");
        }
        PhoneApp phone = PhoneApp.load(stateFile, enrollment, clock);
        if (!phone.realm().issuer().equals(Realm.issuerOf(issuer))) {
            throw new Arguments.UsageError(stateFile + " belongs to " + phone.realm().issuer() + ", not " + issuer);
        }
        return phone;
    }

    private void show(DeviceState state) {
        out.println("Issuer:        " + state.issuer());
        out.println("Activated:     " + (state.isActivated() ? "yes" : "no"));
        if (state.isActivated()) {
            out.println("Credential id: " + state.credentialId());
            out.println("Label:         " + state.label());
            out.println("Platform:      " + (state.platform() == null ? "" : state.platform().wireName()));
            out.println("Push token:    " + state.pushToken());
        }
        out.println("Key thumbprint: " + thumbprint(state));
    }

    private static String thumbprint(DeviceState state) {
        try {
            return state.key().computeThumbprint().toString();
        } catch (com.nimbusds.jose.JOSEException e) {
            return "?";
        }
    }

    private static void allow(Arguments args, String... names) throws Arguments.UsageError {
        Set<String> allowed = new HashSet<>(GLOBAL);
        allowed.addAll(List.of(names));
        args.allowOnly(allowed);
    }
}
