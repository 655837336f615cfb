package fr.idnum.protocol.enrollment;

/**
 * The security notices Keycloak asks the enrollment service to e-mail to a citizen ({@link InternalApi#CITIZEN_NOTICES},
 * body {@code {"subject", "notice", "deviceLabel"}}): something happened to the phone that signs for them.
 */
public enum Notice {
    PHONE_ACTIVATED,
    PHONE_REPLACED,
    PHONE_LOCKED,
    SIGN_IN_LOCKED,
    PHONE_REMOVED
}
