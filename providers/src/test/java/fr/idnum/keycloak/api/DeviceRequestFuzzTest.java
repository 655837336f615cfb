package fr.idnum.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.TestPhones;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * Fuzz targets of the device API's way in (docs/security-tests.md, "Fuzzing"): the body reader ({@link SignedBody}),
 * the JWS reader ({@link DeviceRequestReader}, and the activation's {@link DeviceRequests#verifyActivation}) and
 * the claim checks ({@link RequestClaims}). Whatever a client sends, the answer is a request or a
 * {@link DeviceProblem} (the endpoint's 4xx problem), never another exception, which Keycloak would answer with a
 * 500. Without {@code JAZZER_FUZZ} each target replays its committed inputs in
 * {@code src/test/resources/fr/idnum/keycloak/api/DeviceRequestFuzzTestInputs/}.
 */
class DeviceRequestFuzzTest {

    static final URI ISSUER = URI.create("https://idp.example.fr/realms/idnum");
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String CREDENTIAL_ID = "0b6c5c1e-4f3e-4a43-9a53-2f6d2f3c9a10";
    private static final String[] PATHS = {DeviceApi.PUSH_TOKEN, DeviceApi.DEACTIVATION, DeviceApi.CHALLENGE_ANSWER};
    private static final String[] CLAIMS = {DeviceClaims.PUSH_TOKEN, DeviceClaims.PLATFORM, DeviceClaims.DEVICE_LABEL,
            DeviceClaims.ACTIVATION_CODE, "challenge_id", "nonce", "decision", "number", "pin"};

    private static final ECKey KEY = TestPhones.deviceKey();
    private static final TestPhones.Citizen CITIZEN = TestPhones.citizen("user-1");
    private static final DeviceCredentialModel PHONE = TestPhones.phone(CREDENTIAL_ID, KEY);

    /** One case per input replayed (or fuzzed) once its answer is checked, for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(DeviceRequestFuzzTest.class);
    }

    /** Any body, as text: the compact JWS parser and every check before and after the signature. */
    @FuzzTest(maxDuration = "3m")
    void anyBodyIsARequestOrARefusal(byte[] input) {
        String body = new String(input, StandardCharsets.US_ASCII);
        try {
            reader().read(body, DeviceApi.PUSH_TOKEN, new Trail());
        } catch (DeviceProblem refused) {
            assertRefusal(refused);
        }
        try {
            DeviceRequests.verifyActivation(body, DeviceApi.endpoint(ISSUER, DeviceApi.ACTIVATION), NOW);
        } catch (DeviceRequests.InvalidDeviceRequest refused) {
            // documented refusal, answered 400 by the activation endpoint
        }
        TALLY.cases(1);
    }

    /**
     * Any payload, truly signed by the phone: the claims set, the times, the audience and the {@code jti}, then every
     * claim read with its rule. The first bytes pick the endpoint and the header's {@code typ}; the rest is the payload.
     */
    @FuzzTest(maxDuration = "3m")
    void anySignedPayloadIsReadOrRefused(FuzzedDataProvider data) throws JOSEException {
        String path = data.pickValue(PATHS);
        String type = data.consumeBoolean() ? DeviceClaims.REQUEST_TYPE : "JWT";
        JWSObject jws = new JWSObject(new JWSHeader.Builder(DeviceRequests.ALGORITHM).type(new JOSEObjectType(type))
                .keyID(CREDENTIAL_ID).build(), new Payload(data.consumeRemainingAsBytes()));
        jws.sign(new ECDSASigner(KEY));
        DeviceRequest request;
        try {
            request = reader().read(jws.serialize(), path, new Trail());
        } catch (DeviceProblem refused) {
            assertRefusal(refused);
            TALLY.cases(1);
            return;
        }
        RequestClaims claims = request.claims();
        for (String name : CLAIMS) {
            readOrRefused(() -> claims.string(name));
            readOrRefused(() -> claims.required(name));
            readOrRefused(() -> claims.text(name));
            readOrRefused(() -> claims.integer(name));
        }
        readOrRefused(claims::pushToken);
        readOrRefused(claims::platform);
        readOrRefused(claims::optionalPlatform);
        readOrRefused(claims::deviceLabel);
        readOrRefused(claims::activationCode);
        TALLY.cases(1);
    }

    /** Any body and any declared length: the body reader never keeps more than the limit and refuses as a problem. */
    @FuzzTest(maxDuration = "3m")
    void anyBodyIsReadWithinItsLimitOrRefused(FuzzedDataProvider data) {
        long declared = data.consumeLong();
        int repeat = data.consumeInt(1, 64);
        byte[] chunk = data.consumeRemainingAsBytes();
        byte[] body = new byte[Math.min(chunk.length * repeat, 4 * DeviceApi.MAX_BODY_BYTES)];
        for (int i = 0; chunk.length > 0 && i < body.length; i++) {
            body[i] = chunk[i % chunk.length];
        }
        try {
            String read = SignedBody.read(session(declared), new ByteArrayInputStream(body));
            assertTrue(read.length() <= DeviceApi.MAX_BODY_BYTES);
        } catch (DeviceProblem refused) {
            assertRefusal(refused);
        }
        TALLY.cases(1);
    }

    private static void readOrRefused(Supplier<?> read) {
        try {
            read.get();
        } catch (DeviceProblem refused) {
            assertEquals(400, refused.status(), refused.getMessage());
        }
    }

    private static void assertRefusal(DeviceProblem refused) {
        assertTrue(refused.status() >= 400 && refused.status() < 500, refused.getMessage());
    }

    /** A new reader each time, with an empty single-use store: a fuzzer repeats its inputs. */
    private static DeviceRequestReader reader() {
        return new DeviceRequestReader(new Phones(), new ReplayGuard(singleUse(), (scope, jti, expiresAt) -> true), ISSUER, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static final class Phones implements DeviceRequestReader.Phones {
        @Override
        public Optional<DeviceLookup.Device> find(String credentialId) {
            return CREDENTIAL_ID.equals(credentialId) ? Optional.of(new DeviceLookup.Device(CITIZEN.user(), PHONE)) : Optional.empty();
        }

        @Override
        public Optional<DeviceCredentialModel> lockedCopy(UserModel user, String credentialId) {
            return find(credentialId).map(DeviceLookup.Device::credential);
        }
    }

    private static final class Trail implements DeviceRequestReader.Trail {
        @Override
        public void device(String credentialId) {
        }

        @Override
        public void citizen(UserModel user) {
        }
    }

    private static SingleUseObjectProvider singleUse() {
        Set<String> used = new HashSet<>();
        return stub(SingleUseObjectProvider.class, Map.of("putIfAbsent", args -> used.add((String) args[0])));
    }

    /** A session whose request says it is application/jose and declares {@code length} bytes. */
    private static KeycloakSession session(long length) {
        HttpHeaders headers = stub(HttpHeaders.class, Map.of(
                "getMediaType", args -> new MediaType("application", "jose"),
                "getLength", args -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, length))));
        KeycloakContext context = stub(KeycloakContext.class, Map.of("getRequestHeaders", args -> headers));
        return stub(KeycloakSession.class, Map.of("getContext", args -> context));
    }

    private interface Answer {
        Object of(Object[] args);
    }

    private static <T> T stub(Class<T> type, Map<String, Answer> answers) {
        return type.cast(Proxy.newProxyInstance(DeviceRequestFuzzTest.class.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> {
                    Answer answer = answers.get(method.getName());
                    if (answer == null) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                    }
                    return answer.of(args);
                }));
    }
}
