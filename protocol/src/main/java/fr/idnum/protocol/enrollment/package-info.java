/**
 * The contract between Keycloak (our providers) and the enrollment service, spelled once for both sides as
 * {@link fr.idnum.protocol} spells the phone's: the internal API's paths and headers, the refusals of an activation
 * code, the identity a redemption hands over, the enrollment status Keycloak keeps and the status update the
 * enrollment service sends, the notices Keycloak asks for, and the phone's credential type. Plain constants and
 * enums: no HTTP nor JSON library here.
 */
package fr.idnum.protocol.enrollment;
