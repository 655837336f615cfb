package fr.idnum.protocol.enrollment;

/**
 * The body of {@code PUT /realms/{realm}/idnum/enrollment-status/{userId}} ({@link InternalApi#KEYCLOAK_ENROLLMENT_STATUS}):
 * {@code {"status": ..., "remove_devices": ..., "erase_identity": ...}}. The two flags are derived from the status
 * ({@link EnrollmentStatus#removesDevices()}, {@link EnrollmentStatus#erasesIdentity()}) and Keycloak checks they agree.
 */
public record StatusUpdate(EnrollmentStatus status, boolean removeDevices, boolean eraseIdentity) {

    public static final String STATUS = "status";
    public static final String REMOVE_DEVICES = "remove_devices";
    public static final String ERASE_IDENTITY = "erase_identity";

    /** The realm role the enrollment service's account holds to call it, and nothing else. */
    public static final String WRITER_ROLE = "enrollment-status-writer";

    /** The update that tells Keycloak {@code status}. */
    public static StatusUpdate of(EnrollmentStatus status) {
        return new StatusUpdate(status, status.removesDevices(), status.erasesIdentity());
    }
}
