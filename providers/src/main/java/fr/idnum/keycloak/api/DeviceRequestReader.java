package fr.idnum.keycloak.api;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.UserModel;

/**
 * The one way a request signed by an activated phone gets in: the phone it names ({@code kid}), its signature by
 * that phone's key and the rest of the JWS profile ({@link DeviceRequests}: {@code typ}, {@code aud} = the endpoint,
 * times), single use of its {@code jti} ({@link ReplayGuard}: in the database too when the endpoint changes something,
 * {@link DeviceRoutes#replayGuard}), then the phone read again under its row lock for the
 * rest of the transaction, so every later check and write of this request sees the phone as stored. A refusal is a
 * {@link DeviceProblem}; nothing is locked before the signature proves the phone sent it.
 */
final class DeviceRequestReader {

    /** Where the phones are (the credential store in Keycloak, a map in tests). */
    interface Phones {
        /** The phone with this credential id and its owner, if the owner may still use it. */
        Optional<DeviceLookup.Device> find(String credentialId);

        /** The phone as stored now, locked until this transaction ends; empty if it is gone. */
        Optional<DeviceCredentialModel> lockedCopy(UserModel user, String credentialId);
    }

    /** What the request's event learns as the checks go, so that a refusal names what was known by then. */
    interface Trail {
        void device(String credentialId);

        void citizen(UserModel user);

        static Trail of(EventBuilder event) {
            return new Trail() {
                @Override
                public void device(String credentialId) {
                    event.detail(Details.CREDENTIAL_TYPE, DeviceCredentialModel.TYPE).detail(Details.CREDENTIAL_ID, credentialId);
                }

                @Override
                public void citizen(UserModel user) {
                    event.user(user);
                }
            };
        }
    }

    private static final Logger LOG = Logger.getLogger(DeviceRequestReader.class);
    /** A P-256 public key made at start and held by no phone. */
    private static final ECKey NO_PHONES_KEY = newKey();

    private final Phones phones;
    private final ReplayGuard replays;
    private final URI issuer;
    private final Clock clock;

    DeviceRequestReader(Phones phones, ReplayGuard replays, URI issuer, Clock clock) {
        this.phones = phones;
        this.replays = replays;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The checked request {@code jws} sent to {@code path} (a {@link DeviceApi} path). */
    DeviceRequest read(String jws, String path, Trail trail) {
        Instant now = clock.instant();
        String credentialId;
        try {
            credentialId = DeviceRequests.credentialId(jws);
        } catch (DeviceRequests.InvalidDeviceRequest e) {
            throw DeviceProblem.invalidRequest(e.getMessage() + ".");
        }
        trail.device(credentialId);
        DeviceLookup.Device device = phones.find(credentialId).orElse(null);
        if (device == null) {
            // The signature checked as a phone's would be, against a key no phone has (as the password step hashes a
            // dummy value): an id naming no phone takes as long as a forged request naming one.
            DeviceRequests.signedBy(jws, NO_PHONES_KEY);
            throw DeviceProblem.unknownDevice();
        }
        trail.citizen(device.user());
        DeviceRequests.Verified verified = verify(jws, device.credential(), DeviceApi.endpoint(issuer, path), now);
        replays.useOnce(credentialId, verified, now, DeviceRoutes.replayGuard(path));
        // Deactivated or replaced while the request was on its way: as unknown as if it had never been.
        DeviceCredentialModel locked = phones.lockedCopy(device.user(), credentialId).orElseThrow(DeviceProblem::unknownDevice);
        return new DeviceRequest(device.user(), locked, new RequestClaims(verified), now);
    }

    private static DeviceRequests.Verified verify(String jws, DeviceCredentialModel phone, URI audience, Instant now) {
        try {
            String stored = phone.data().publicKey();
            ECKey key = stored == null ? null : ECKey.parse(stored);
            // Not signed by this phone: answered as a phone that does not exist, in content as in time (an id naming no
            // phone costs a signature check too, above), so naming a phone's id tells nothing (EnumerationTimingIT).
            if (key != null && !DeviceRequests.signedBy(jws, key)) {
                throw DeviceProblem.unknownDevice();
            }
            return DeviceRequests.verify(jws, key, phone.getId(), audience, now);
        } catch (DeviceRequests.InvalidDeviceRequest e) {
            throw refused(e.getMessage() + ".");
        } catch (ParseException e) {
            LOG.errorf("idnum-device credential %s holds an unreadable key", phone.getId());
            throw refused("This phone's key cannot be used; activate it again.");
        }
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make a P-256 key", e);
        }
    }

    private static DeviceProblem refused(String detail) {
        return new DeviceProblem(401, DeviceProblems.INVALID_DEVICE_REQUEST, "Device request refused", detail);
    }
}
