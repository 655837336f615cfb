package fr.idnum.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

import fr.idnum.protocol.Platform;
import fr.idnum.simulator.device.Activation;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.simulator.device.DeviceClient;
import fr.idnum.simulator.device.DeviceState;
import fr.idnum.simulator.enrollment.EnrollmentClient;
import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.login.AppLogin;
import fr.idnum.simulator.login.AppTokens;
import fr.idnum.simulator.login.LoginFailed;
import fr.idnum.simulator.realm.Realm;

/**
 * The citizen's phone with the Identité Numérique app installed, behaving as the app does and only through public
 * APIs: it logs in (OIDC, PKCE), drives the enrollment, activates itself with the activation code and a PIN, then
 * signs its own requests. One instance is one phone; its {@link DeviceState} can be saved and restored.
 *
 * <pre>{@code
 * PhoneApp phone = PhoneApp.at(issuer, enrollmentService, Clock.systemUTC());
 * phone.login("citizen-1", "Citoyen-Test-2026");
 * phone.enrollment().start(Identity.example());
 * String credentialId = phone.activate("123456", "2580");
 * }</pre>
 */
public final class PhoneApp {

    public static final String DEFAULT_LABEL = "Téléphone simulé";

    private final Realm realm;
    private final URI enrollmentService;
    private final Clock clock;
    private final Http http = new Http();
    private final SecureRandom random = new SecureRandom();
    private final DeviceClient device;
    private DeviceState state;
    private AppTokens tokens;

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
        return activation;
    }

    public void updatePushToken(String pushToken) {
        device.updatePushToken(state, pushToken);
        state = state.withPushToken(pushToken);
    }

    public void changePin(String oldPin, String newPin) {
        device.changePin(state, oldPin, newPin);
    }

    /** Deactivates this phone; as the app does, it then forgets its key and starts afresh. */
    public void deactivate() {
        device.deactivate(state);
        state = DeviceState.fresh(realm.issuer());
    }

    // Answering push challenges will come here (approve or refuse a login with the PIN) once the device API has it.

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
