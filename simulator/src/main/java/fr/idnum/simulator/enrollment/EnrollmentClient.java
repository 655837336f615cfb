package fr.idnum.simulator.enrollment;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.http.HttpReply;

/**
 * The enrollment screens of the app, as calls to the enrollment service with the app's access token: start with
 * the identity data, prove the mobile number with the SMS code, choose how the document is checked, ask again for
 * a lost code. Every refusal is an {@link EnrollmentProblem}.
 */
public final class EnrollmentClient {

    public static final String ENROLLMENTS = "/api/v1/enrollments";
    public static final String CURRENT = ENROLLMENTS + "/current";
    public static final String PHONE_VERIFICATION = CURRENT + "/phone-verification";
    public static final String PHONE_CODE_RESEND = PHONE_VERIFICATION + "/resend";
    public static final String VERIFICATION_MODE = CURRENT + "/verification-mode";
    public static final String ACTIVATION_CODE_RESEND = CURRENT + "/activation-code/resend";
    public static final String MOBILE_PHONE = CURRENT + "/mobile-phone";
    public static final String MOBILE_PHONE_VERIFICATION = MOBILE_PHONE + "/verification";

    /** The verification modes of the service's {@code VerificationMode}. */
    public static final String POSTMAN = "POSTMAN";
    public static final String POST_OFFICE = "POST_OFFICE";
    public static final String REMOTE = "REMOTE";

    private final URI base;
    private final Http http;
    private final Supplier<String> accessToken;

    /** @param accessToken asked at each call, so a refreshed token is used */
    public EnrollmentClient(URI base, Http http, Supplier<String> accessToken) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = http;
        this.accessToken = accessToken;
    }

    /** Starts an enrollment; the service texts the first code to the identity's mobile number. */
    public Enrollment start(Identity identity) {
        return start(identity.toJson());
    }

    /** Starts an enrollment with any body, e.g. a deliberately invalid one. */
    public Enrollment start(Map<String, Object> body) {
        return Enrollment.of(expect(201, post(ENROLLMENTS, body)).json());
    }

    public Enrollment current() {
        return Enrollment.of(expect(200, http.get(uri(CURRENT), accessToken.get())).json());
    }

    /** Submits the 6-digit code received by SMS. */
    public void verifyPhone(String code) {
        expect(204, post(PHONE_VERIFICATION, Map.of("code", code)));
    }

    public void resendPhoneCode() {
        expect(202, post(PHONE_CODE_RESEND, null));
    }

    /** The postman checks the document at home on {@code visitDate}. */
    public void choosePostman(LocalDate visitDate) {
        chooseVerificationMode(POSTMAN, visitDate);
    }

    public void choosePostOffice() {
        chooseVerificationMode(POST_OFFICE, null);
    }

    public void chooseRemote() {
        chooseVerificationMode(REMOTE, null);
    }

    public void chooseVerificationMode(String mode, LocalDate postmanVisitDate) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("mode", mode);
        if (postmanVisitDate != null) {
            choice.put("postmanVisitDate", postmanVisitDate.toString());
        }
        expect(204, post(VERIFICATION_MODE, choice));
    }

    /** Asks for a new activation code; the previous one stops working. */
    public void resendActivationCode() {
        expect(202, post(ACTIVATION_CODE_RESEND, null));
    }

    /** Asks to change the mobile number: a code is texted to the new number. */
    public void requestMobilePhoneChange(String newMobilePhone) {
        expect(202, post(MOBILE_PHONE, Map.of("mobilePhone", newMobilePhone)));
    }

    /** Confirms the new number with the code it received; a new activation code follows. */
    public void confirmMobilePhoneChange(String code) {
        expect(204, post(MOBILE_PHONE_VERIFICATION, Map.of("code", code)));
    }

    /** A raw call, for tests that look at the answer itself; {@code body} null sends an empty body. */
    public HttpReply post(String path, Map<String, ?> body) {
        return body == null
                ? http.post(uri(path), null, new byte[0], accessToken.get())
                : http.postJson(uri(path), body, accessToken.get());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static HttpReply expect(int status, HttpReply reply) {
        if (reply.status() != status) {
            throw new EnrollmentProblem(reply);
        }
        return reply;
    }
}
