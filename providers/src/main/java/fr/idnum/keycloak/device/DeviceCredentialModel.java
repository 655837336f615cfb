package fr.idnum.keycloak.device;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/** The {@code idnum-device} credential: one per activated phone (DESIGN.md, "Fixed names"). */
public class DeviceCredentialModel extends CredentialModel {

    public static final String TYPE = fr.idnum.protocol.enrollment.DeviceCredential.TYPE;

    private final DeviceCredentialData data;
    private final DeviceSecretData secret;

    private DeviceCredentialModel(DeviceCredentialData data, DeviceSecretData secret) {
        this.data = data;
        this.secret = secret;
    }

    /** A new phone, ready to be stored. */
    public static DeviceCredentialModel create(String label, DeviceCredentialData data, DeviceSecretData secret) {
        DeviceCredentialModel model = new DeviceCredentialModel(data, secret);
        model.setType(TYPE);
        model.setUserLabel(label);
        model.setCreatedDate(data.activatedAt());
        model.setCredentialData(write(data));
        model.setSecretData(write(secret));
        return model;
    }

    public static DeviceCredentialModel from(CredentialModel stored) {
        try {
            DeviceCredentialModel model = new DeviceCredentialModel(
                    JsonSerialization.readValue(stored.getCredentialData(), DeviceCredentialData.class),
                    stored.getSecretData() == null ? null : JsonSerialization.readValue(stored.getSecretData(), DeviceSecretData.class));
            model.setId(stored.getId());
            model.setType(stored.getType());
            model.setUserLabel(stored.getUserLabel());
            model.setCreatedDate(stored.getCreatedDate());
            model.setCredentialData(stored.getCredentialData());
            model.setSecretData(stored.getSecretData());
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable idnum-device credential " + stored.getId(), e);
        }
    }

    public DeviceCredentialData data() {
        return data;
    }

    public DeviceSecretData secret() {
        return secret;
    }

    /** The same credential with new public data (to store with {@code updateStoredCredential}). */
    public DeviceCredentialModel with(DeviceCredentialData newData) {
        DeviceCredentialModel model = new DeviceCredentialModel(newData, secret);
        model.setId(getId());
        model.setType(TYPE);
        model.setUserLabel(getUserLabel());
        model.setCreatedDate(getCreatedDate());
        model.setCredentialData(write(newData));
        model.setSecretData(getSecretData());
        return model;
    }

    /** The same credential with a new code verifier. */
    public DeviceCredentialModel with(DeviceCredentialData newData, DeviceSecretData newSecret) {
        DeviceCredentialModel model = new DeviceCredentialModel(newData, newSecret);
        model.setId(getId());
        model.setType(TYPE);
        model.setUserLabel(getUserLabel());
        model.setCreatedDate(getCreatedDate());
        model.setCredentialData(write(newData));
        model.setSecretData(write(newSecret));
        return model;
    }

    private static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
