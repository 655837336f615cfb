package fr.idnum.bench;

/** The kinds of sign-in the bench compares in one run. */
public enum SignInKind {

    /** Keycloak's own password check at eidas1 (identifier, then password): the baseline. */
    PASSWORD("eidas1", "eidas1 password", BenchRealm.CLIENT_ID),
    /** Keycloak's built-in username-password form then its OTP form, through a bench client's flow override. */
    PASSWORD_OTP(null, "password+OTP", BenchRealm.OTP_CLIENT_ID),
    /** Ours at eidas2: identifier, push to the phone, approval with number and PIN, the waiting page continues. */
    PUSH("eidas2", "eidas2 push", BenchRealm.CLIENT_ID);

    private final String acr;
    private final String label;
    private final String clientId;

    SignInKind(String acr, String label, String clientId) {
        this.acr = acr;
        this.label = label;
        this.clientId = clientId;
    }

    /** The level asked for ({@code acr_values}) and expected in the ID token; null when none is asked. */
    public String acr() {
        return acr;
    }

    public String label() {
        return label;
    }

    public String clientId() {
        return clientId;
    }

    /** Parses a command-line name: eidas1, otp, eidas2. */
    public static SignInKind parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "eidas1", "password" -> PASSWORD;
            case "otp", "password-otp" -> PASSWORD_OTP;
            case "eidas2", "push" -> PUSH;
            default -> throw new IllegalArgumentException("unknown kind '" + name + "' (eidas1, otp, eidas2)");
        };
    }
}
