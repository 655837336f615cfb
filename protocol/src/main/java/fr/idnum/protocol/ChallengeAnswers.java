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
    /** {@link #APPROVE}, {@link #DENY} or {@link #REPORT_FRAUD}. */
    public static final String DECISION = "decision";
    /** The two-digit number the citizen typed, read in the browser (number matching). */
    public static final String NUMBER = "number";

    public static final String APPROVE = "approve";
    /** "Refuser": the citizen does not want this sign-in; it fails. No PIN. */
    public static final String DENY = "deny";
    /**
     * "Ce n'était pas moi": the sign-in fails, a fraud report is recorded, every sign-in of this citizen is
     * refused until they lift the lock from the phone with their code ({@link DeviceApi#SIGN_IN_UNLOCK}) or
     * support does, and they are told by e-mail. No PIN (a citizen under attack must not be slowed down).
     */
    public static final String REPORT_FRAUD = "report-fraud";

    private ChallengeAnswers() {
    }
}
