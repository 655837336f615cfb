package fr.idnum.protocol;

/**
 * Claims of the phone's answer to a challenge: a device-signed request ({@link DeviceRequests}) to
 * {@link DeviceApi#CHALLENGE_ANSWER} carrying these, plus {@link DeviceClaims#PIN} (a {@link PinEnvelope}
 * sealed for {@link PinEnvelope#PURPOSE_CHALLENGE}) when approving.
 */
public final class ChallengeAnswers {

    public static final String CHALLENGE_ID = Challenges.CHALLENGE_ID;
    /** The challenge's nonce, echoed: the answer is for this challenge document and no other. */
    public static final String NONCE = Challenges.NONCE;
    /** {@link #APPROVE} or {@link #DENY}. */
    public static final String DECISION = "decision";
    /** The number the citizen picked (number matching). */
    public static final String NUMBER = "number";

    public static final String APPROVE = "approve";
    /** "This is not me": the sign-in fails and a possible fraud is recorded. */
    public static final String DENY = "deny";

    private ChallengeAnswers() {
    }
}
