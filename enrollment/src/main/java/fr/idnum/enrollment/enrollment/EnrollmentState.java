package fr.idnum.enrollment.enrollment;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an enrollment stands. The allowed moves are the only ones the service ever makes; anything else is
 * refused as an {@link IllegalTransitionException} and changes nothing.
 */
public enum EnrollmentState {
    DRAFT,
    PHONE_VERIFIED,
    AWAITING_VERIFICATION,
    VERIFIED,
    ACTIVE,
    REJECTED,
    EXPIRED,
    SUSPENDED,
    REVOKED;

    private static final Map<EnrollmentState, Set<EnrollmentState>> NEXT = Map.of(
            DRAFT, EnumSet.of(PHONE_VERIFIED, EXPIRED),
            PHONE_VERIFIED, EnumSet.of(AWAITING_VERIFICATION, EXPIRED),
            AWAITING_VERIFICATION, EnumSet.of(VERIFIED, REJECTED, EXPIRED),
            VERIFIED, EnumSet.of(ACTIVE, SUSPENDED, REVOKED),
            // ACTIVE -> VERIFIED: "re-activation required" (the phone is lost; the identity stays verified).
            ACTIVE, EnumSet.of(SUSPENDED, REVOKED, VERIFIED),
            // A suspension is lifted back to where it started: ACTIVE, or VERIFIED if no phone was activated yet.
            SUSPENDED, EnumSet.of(ACTIVE, VERIFIED, REVOKED),
            REJECTED, EnumSet.noneOf(EnrollmentState.class),
            EXPIRED, EnumSet.noneOf(EnrollmentState.class),
            REVOKED, EnumSet.noneOf(EnrollmentState.class));

    public boolean canMoveTo(EnrollmentState next) {
        return NEXT.get(this).contains(next);
    }

    /** States in which the citizen is still proving who they are, and which expire if left unfinished. */
    public boolean isUnverified() {
        return this == DRAFT || this == PHONE_VERIFIED || this == AWAITING_VERIFICATION;
    }

    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }
}
