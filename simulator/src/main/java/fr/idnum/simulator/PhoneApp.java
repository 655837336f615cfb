package fr.idnum.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.Platform;
import fr.idnum.simulator.device.Activation;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.simulator.device.DeviceClient;
import fr.idnum.simulator.device.DeviceState;
import fr.idnum.simulator.device.PendingFetch;
import fr.idnum.simulator.device.UntrustedChallenge;
import fr.idnum.simulator.enrollment.EnrollmentClient;
import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.login.AppLogin;
import fr.idnum.simulator.login.AppTokens;
import fr.idnum.simulator.login.LoginFailed;
import fr.idnum.simulator.realm.Realm;

/**
 * The citizen's phone with the Identité Numérique app installed, behaving as the app does and only through public
 * APIs: it logs in (OIDC, PKCE), drives the enrollment, activates itself with the activation code and a PIN, then
 * signs its own requests, among them the answers to sign-in challenges. One instance is one phone; its
 * {@link DeviceState} can be saved and restored.
 *
 * <pre>{@code
 * PhoneApp phone = PhoneApp.at(issuer, enrollmentService, Clock.systemUTC());
 * phone.login("citizen-1", "Citoyen-Test-2026");
 * phone.enrollment().start(Identity.example());
 * String credentialId = phone.activate("123456", "2580");
 * Challenges.Challenge challenge = phone.awaitChallenge(Duration.ofSeconds(10));
 * phone.approve(challenge, "2580", 42); // the number the browser shows
 * }</pre>
 *
 * <p>As the app must, it re-registers its push token when a fetch says the push service no longer knows it
 * ({@link #pushTokenUnregistered()}): with the code the citizen types next (an approval, a sign-in unlock), it sends
 * a fresh token from its stand-in for FCM ({@link #pushTokens}) to {@code device/push-token}.
 */
public final class PhoneApp {

    public static final String DEFAULT_LABEL = "Téléphone simulé";
    /** How often {@link #awaitChallenge} asks; the real app is woken by a push instead. */
    public static final long POLL_MILLIS = 100;

    private final Realm realm;
    private final URI enrollmentService;
    private final Clock clock;
    private final Http http = new Http();
    private final SecureRandom random = new SecureRandom();
    private final DeviceClient device;
    private DeviceState state;
    private AppTokens tokens;
    private Supplier<String> freshPushTokens = () -> "sim-" + UUID.randomUUID();
    private boolean pushTokenUnregistered;

    private PhoneApp(DeviceState state, URI enrollmentService, Clock clock) {
        this.realm = new Realm(state.issuer(), http);
        this.enrollmentService = enrollmentService;
        this.clock = clock;
        this.device = new DeviceClient(realm, http, clock);
        this.state = state;
    }

    /** A phone that has just installed the app for the realm {@code issuer}; {@code enrollmentService} may be null. */
    public static PhoneApp at(URI issuer, URI enrollmentService, Clock clock) {
        return new PhoneApp(DeviceState.fresh(issuer), enrollmentService, clock);
    }

    /** The phone as it was saved. */
    public static PhoneApp restore(DeviceState state, URI enrollmentService, Clock clock) {
        return new PhoneApp(state, enrollmentService, clock);
    }

    public static PhoneApp load(Path stateFile, URI enrollmentService, Clock clock) {
        return restore(DeviceState.load(stateFile), enrollmentService, clock);
    }

    public void save(Path stateFile) {
        state.save(stateFile);
    }

    /** Logs the citizen in on the realm's pages; throws {@link LoginFailed} with what the page said. */
    public AppTokens login(String username, String password) {
        tokens = new AppLogin(realm, http, clock, random).login(username, password);
        return tokens;
    }

    /** The app's current access token (refreshed first when it has expired and can be). */
    public String accessToken() {
        if (tokens == null) {
            throw new IllegalStateException("Log in first");
        }
        if (!clock.instant().isBefore(tokens.expiresAt()) && tokens.refreshToken() != null) {
            tokens = new AppLogin(realm, http, clock, random).refresh(tokens);
        }
        return tokens.accessToken();
    }

    public EnrollmentClient enrollment() {
        if (enrollmentService == null) {
            throw new IllegalStateException("No enrollment service URL was given to this phone");
        }
        return new EnrollmentClient(enrollmentService, http, this::accessToken);
    }

    /** Activates with a generated push token, as an Android phone labelled {@value #DEFAULT_LABEL}; returns the credential id. */
    public String activate(String activationCode, String pin) {
        return activate(activationCode, pin, "sim-" + UUID.randomUUID(), Platform.ANDROID, DEFAULT_LABEL).credentialId();
    }

    /** Activates this phone's key; throws {@link DeviceApiProblem} when refused (wrong code, weak PIN...). */
    public Activation activate(String activationCode, String pin, String pushToken, Platform platform, String label) {
        Activation activation = device.activate(state.key(), accessToken(), activationCode, pin, pushToken, platform, label);
        state = state.activated(activation.credentialId(), pushToken, platform, label);
        pushTokenUnregistered = false;
        return activation;
    }

    /** Sends the push token FCM gave the app, with the 4-digit code the citizen just typed. */
    public void updatePushToken(String pushToken, String pin) {
        device.updatePushToken(state, pushToken, pin);
        state = state.withPushToken(pushToken);
        pushTokenUnregistered = false;
    }

    /**
     * The stand-in for FCM: what the app gets when it asks FCM for a new registration token (the app deletes the
     * dead one, then asks again). By default a new {@code sim-} token each time.
     */
    public PhoneApp pushTokens(Supplier<String> freshTokens) {
        this.freshPushTokens = freshTokens;
        return this;
    }

    /** Whether the last fetch of the pending challenge said the push service no longer knows this phone's token. */
    public boolean pushTokenUnregistered() {
        return pushTokenUnregistered;
    }

    /** Sends a fresh token from {@link #pushTokens} with the code the citizen typed, when the realm said the token is dead. */
    private void renewPushTokenIfUnregistered(String pin) {
        if (pushTokenUnregistered) {
            updatePushToken(freshPushTokens.get(), pin);
        }
    }

    public void changePin(String oldPin, String newPin) {
        device.changePin(state, oldPin, newPin);
    }

    /**
     * Deactivates this phone with the 4-digit code (null once the phone is locked); as the app does, it then forgets
     * its key and starts afresh.
     */
    public void deactivate(String pin) {
        device.deactivate(state, pin);
        state = DeviceState.fresh(realm.issuer());
        pushTokenUnregistered = false;
    }

    /**
     * The sign-in challenge waiting for this phone, checked as the app checks it before showing who asks; empty
     * when none waits. Throws {@link UntrustedChallenge} when the document is not the realm's for this phone. Also
     * learns whether its push token is dead ({@link #pushTokenUnregistered()}).
     */
    public Optional<Challenges.Challenge> pendingChallenge() {
        PendingFetch fetched = device.fetchPending(state);
        pushTokenUnregistered = fetched.pushTokenUnregistered();
        return fetched.challenge();
    }

    /**
     * Waits for a challenge as the app waits for its push: asks every {@value #POLL_MILLIS} ms until one comes.
     *
     * @throws IllegalStateException when none came within {@code timeout}
     */
    public Challenges.Challenge awaitChallenge(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Challenges.Challenge> pending = pendingChallenge();
            if (pending.isPresent()) {
                return pending.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("No sign-in challenge came within " + timeout);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a sign-in challenge", e);
            }
        }
    }

    /**
     * Approves a challenge with number matching: the citizen types {@code number}, the two digits read in the
     * browser, then the PIN. The phone is never told the right number; the realm checks it. Once approved, a push
     * token the realm said is dead is replaced with the same code (a failure there is thrown: the approval stands).
     */
    public void approve(Challenges.Challenge challenge, String pin, int number) {
        if (!challenge.numberMatching()) {
            throw new IllegalArgumentException("This challenge asks for no number: approve it with the PIN only");
        }
        if (!Challenges.Challenge.wellFormedNumber(number)) {
            throw new IllegalArgumentException("The number shown in the browser has two digits, not " + number);
        }
        device.approve(state, challenge, pin, number);
        renewPushTokenIfUnregistered(pin);
    }

    /** Approves a challenge without number matching with the PIN; then as {@link #approve(Challenges.Challenge, String, int)}. */
    public void approve(Challenges.Challenge challenge, String pin) {
        if (challenge.numberMatching()) {
            throw new IllegalArgumentException("This challenge asks for the two-digit number shown in the browser");
        }
        device.approve(state, challenge, pin, null);
        renewPushTokenIfUnregistered(pin);
    }

    /** "Refuser": refuses the sign-in. */
    public void deny(Challenges.Challenge challenge) {
        device.deny(state, challenge);
    }

    /** "Ce n'était pas moi": refuses the sign-in, reports it and locks every sign-in until {@link #unlockSignIns}. */
    public void reportFraud(Challenges.Challenge challenge) {
        device.reportFraud(state, challenge);
    }

    /**
     * Lifts the lock of a fraud report with the 4-digit code (a wrong code counts, as at sign-in); a push token the
     * realm said is dead is then replaced with the same code.
     */
    public void unlockSignIns(String pin) {
        device.unlockSignIns(state, pin);
        renewPushTokenIfUnregistered(pin);
    }

    public String credentialId() {
        return state.credentialId();
    }

    public DeviceState state() {
        return state;
    }

    /** The device API, request by request, for tests that craft their own. */
    public DeviceClient device() {
        return device;
    }

    public Realm realm() {
        return realm;
    }
}
