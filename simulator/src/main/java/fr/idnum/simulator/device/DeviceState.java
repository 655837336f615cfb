package fr.idnum.simulator.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;

import fr.idnum.protocol.Platform;

/**
 * What the phone keeps between launches: which realm it belongs to, its device key (EC P-256, private part
 * included — the phone's secure storage), and once activated, its credential id, push token, platform and
 * label. Never the PIN: the citizen types it each time and it leaves the phone only sealed to the realm.
 */
public record DeviceState(URI issuer, ECKey key, String credentialId, String pushToken, Platform platform, String label) {

    private static final int FORMAT = 1;

    public DeviceState {
        if (issuer == null || key == null || !key.isPrivate()) {
            throw new IllegalArgumentException("A device state needs an issuer and a private device key");
        }
    }

    /** A phone that has just installed the app: a new key, not activated. */
    public static DeviceState fresh(URI issuer) {
        return new DeviceState(issuer, generateKey(), null, null, null, null);
    }

    public static ECKey generateKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a P-256 key", e);
        }
    }

    public boolean isActivated() {
        return credentialId != null;
    }

    public DeviceState activated(String credentialId, String pushToken, Platform platform, String label) {
        return new DeviceState(issuer, key, credentialId, pushToken, platform, label);
    }

    public DeviceState withPushToken(String pushToken) {
        return new DeviceState(issuer, key, credentialId, pushToken, platform, label);
    }

    /** The credential id, or a clear failure when the phone has not been activated. */
    public String requireCredentialId() {
        if (credentialId == null) {
            throw new IllegalStateException("This phone is not activated");
        }
        return credentialId;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("issuer", issuer.toString());
        json.put("device_key", key.toJSONObject());
        if (credentialId != null) {
            json.put("credential_id", credentialId);
            json.put("push_token", pushToken);
            json.put("platform", platform == null ? null : platform.wireName());
            json.put("device_label", label);
        }
        return json;
    }

    public static DeviceState fromJson(Map<String, Object> json) {
        try {
            JWK jwk = JWK.parse(JSONObjectUtils.getJSONObject(json, "device_key"));
            if (!(jwk instanceof ECKey key)) {
                throw new IllegalArgumentException("The device key is not an EC key");
            }
            String platform = JSONObjectUtils.getString(json, "platform");
            return new DeviceState(URI.create(JSONObjectUtils.getString(json, "issuer")), key,
                    JSONObjectUtils.getString(json, "credential_id"), JSONObjectUtils.getString(json, "push_token"),
                    platform == null ? null : Platform.fromWire(platform).orElseThrow(
                            () -> new IllegalArgumentException("Unknown platform " + platform)),
                    JSONObjectUtils.getString(json, "device_label"));
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a device state: " + e.getMessage(), e);
        }
    }

    /** Writes the state readable by its owner only (it holds the private key), replacing the file at once. */
    public void save(Path file) {
        try {
            Path absolute = file.toAbsolutePath();
            Path temp = Files.createTempFile(absolute.getParent(), ".device-state", ".tmp");
            try {
                restrictToOwner(temp);
                Files.writeString(temp, JSONObjectUtils.toJSONString(toJson()), StandardCharsets.UTF_8);
                try {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the device state to " + file, e);
        }
    }

    public static DeviceState load(Path file) {
        try {
            return fromJson(JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the device state " + file, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException(file + " is not JSON", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the temp file's default permissions are what we get.
        }
    }

    /** Never the private key. */
    @Override
    public String toString() {
        return "DeviceState[issuer=" + issuer + ", credentialId=" + credentialId + ", platform=" + platform
                + ", label=" + label + "]";
    }
}
