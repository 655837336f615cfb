package fr.idnum.protocol.enrollment;

/**
 * The citizen's enrollment status as Keycloak keeps it, in the admin-only user attribute {@link #ATTRIBUTE}: set
 * to {@link #ACTIVE} by Keycloak at activation, changed by the enrollment service ({@link StatusUpdate}).
 */
public enum EnrollmentStatus {
    ACTIVE,
    SUSPENDED,
    REVOKED,
    ERASED,
    /** The identity stays verified, but the phone must be activated again with a new activation code. */
    REACTIVATION_REQUIRED,
    /** A suspension lifted before any phone was activated: the citizen may activate one (no phone to remove). */
    VERIFIED;

    /** The user attribute; the realm's user profile declares it, editable by administrators only. */
    public static final String ATTRIBUTE = "idnum_enrollment_status";

    /** Whether Keycloak must forget the user's phones (their {@link DeviceCredential}s). */
    public boolean removesDevices() {
        return this == REVOKED || this == ERASED || this == REACTIVATION_REQUIRED;
    }

    /**
     * ERASED also removes the identity Keycloak copied at activation ({@link IdentityAttributes}): erasure must not
     * leave the verified identity behind in the other store.
     */
    public boolean erasesIdentity() {
        return this == ERASED;
    }

    /** Whether the citizen's phone may sign: no status (never enrolled here) or ACTIVE. */
    public static boolean allowsSignIn(String attributeValue) {
        return attributeValue == null || ACTIVE.name().equals(attributeValue);
    }
}
