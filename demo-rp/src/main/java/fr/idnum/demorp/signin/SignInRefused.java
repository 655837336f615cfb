package fr.idnum.demorp.signin;

/**
 * A sign-in the service does not accept; {@link Reason} says why, in words the citizen's page can show
 * (the page's text is keyed by the reason). The detail is for the log, never for the page.
 */
public final class SignInRefused extends Exception {

    /** Why a sign-in was refused; each has a text in the site's message bundles ({@code refused.<key>}). */
    public enum Reason {
        UNKNOWN_REQUEST("unknown-request"),
        PROVIDER_ERROR("provider-error"),
        WRONG_ISSUER("issuer"),
        TOKEN_EXCHANGE("token-exchange"),
        SIGNATURE("signature"),
        NONCE("nonce"),
        AUDIENCE("audience"),
        EXPIRED("expired"),
        ACR_UNKNOWN("acr-unknown"),
        ACR_TOO_LOW("acr-too-low"),
        USERINFO("userinfo");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final Reason reason;
    private final String providerError;

    public SignInRefused(Reason reason, String detail) {
        this(reason, detail, (Throwable) null);
    }

    public SignInRefused(Reason reason, String detail, Throwable cause) {
        super(reason.key() + ": " + detail, cause);
        this.reason = reason;
        this.providerError = null;
    }

    private SignInRefused(String providerError, String description) {
        super(Reason.PROVIDER_ERROR.key() + ": " + providerError + " " + description);
        this.reason = Reason.PROVIDER_ERROR;
        this.providerError = providerError;
    }

    /** The realm answered the authorization request with an OAuth error ({@code access_denied}...). */
    public static SignInRefused byProvider(String error, String description) {
        return new SignInRefused(error, description);
    }

    /** The OAuth error code the realm sent (a public value, shown to the citizen), or null. */
    public String providerError() {
        return providerError;
    }

    public Reason reason() {
        return reason;
    }
}
