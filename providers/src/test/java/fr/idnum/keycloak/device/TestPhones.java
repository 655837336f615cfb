package fr.idnum.keycloak.device;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;

/**
 * Phones and citizens for tests without a server: the real credential model, provider (its code judging) and PIN
 * verifier, and a citizen whose credential manager only records what is stored.
 */
public final class TestPhones {

    public static final String PIN = "2580";
    public static final int MAX_PIN_FAILURES = 3;

    private static final PinVerifier PINS = new PinVerifier("k1", filled(7), new SecureRandom());

    private TestPhones() {
    }

    /** A citizen as far as the device API uses one: an id and a credential manager that records updates. */
    public record Citizen(UserModel user, List<CredentialModel> stored) {
    }

    public static Citizen citizen(String id) {
        List<CredentialModel> stored = new ArrayList<>();
        SubjectCredentialManager credentials = stub(SubjectCredentialManager.class, (method, args) ->
                method.equals("updateStoredCredential") ? stored.add((CredentialModel) args[0]) : null);
        UserModel user = stub(UserModel.class, (method, args) -> switch (method) {
            case "getId" -> id;
            case "credentialManager" -> credentials;
            default -> null;
        });
        return new Citizen(user, stored);
    }

    /** A new P-256 device key. */
    public static ECKey deviceKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An active phone with this id, public key and the code {@link #PIN}. */
    public static DeviceCredentialModel phone(String credentialId, ECKey key) {
        DeviceCredentialData data = new DeviceCredentialData(key.toPublicJWK().toJSONString(), "push-token", "android",
                DeviceStatus.ACTIVE, 1_000L, null, 0);
        DeviceCredentialModel phone = DeviceCredentialModel.create("Téléphone de Marie", data, PINS.newVerifier(PIN));
        phone.setId(credentialId);
        return phone;
    }

    /** The credential provider as the server builds it, without the session its code judging never uses. */
    public static DeviceCredentialProvider provider() {
        return new DeviceCredentialProvider(null, PINS, MAX_PIN_FAILURES);
    }

    /** The credential provider as the server builds it, on this session (it reads the stored row through its JPA). */
    public static DeviceCredentialProvider provider(KeycloakSession session) {
        return new DeviceCredentialProvider(session, PINS, MAX_PIN_FAILURES);
    }

    private interface Answer {
        Object of(String method, Object[] args);
    }

    private static <T> T stub(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(TestPhones.class.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + " stub";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> answer.of(method.getName(), args);
                }));
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }
}
