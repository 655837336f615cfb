package fr.idnum.keycloak.device;

/**
 * State of an activated phone. A revoked phone (deleted by an administrator, by the citizen in the account
 * console, by the enrollment service's revocation, or replaced by a newly activated phone) has no
 * credential at all: deleting it is what revokes it, and the events keep the trail.
 */
public enum DeviceStatus {
    /** Signs in. */
    ACTIVE,
    /** Too many wrong 4-digit codes: signs nothing until the citizen activates a phone again. */
    LOCKED
}
