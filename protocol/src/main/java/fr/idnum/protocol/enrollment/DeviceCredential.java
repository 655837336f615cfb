package fr.idnum.protocol.enrollment;

/** The Keycloak credential of an activated phone, as both sides name it. */
public final class DeviceCredential {

    /** Its credential type; the enrollment service's status updates remove every credential of it. */
    public static final String TYPE = "idnum-device";

    private DeviceCredential() {
    }
}
