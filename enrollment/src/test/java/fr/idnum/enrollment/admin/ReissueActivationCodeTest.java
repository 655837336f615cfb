package fr.idnum.enrollment.admin;

import static fr.idnum.enrollment.admin.AdminApi.act;
import static fr.idnum.enrollment.admin.AdminApi.actionsOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.activation.ActivationService.Redemption;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class ReissueActivationCodeTest {

    private static final Actor KEYCLOAK = Actor.system("keycloak-fixture");

    @Inject
    Journeys journeys;
    @Inject
    ActivationService activation;
    @Inject
    RecordingSmsGateway sms;

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private String reissue(UUID id, String number) {
        int sent = sms.sentTo(number).size();
        String body = act(id, "reissue-activation-code", "citizen lost the SMS").statusCode(202)
                .body("id", equalTo(id.toString()))
                .body("codeExpiresAt", notNullValue())
                .extract().asString();
        List<RecordingSmsGateway.RecordedSms> texts = sms.sentTo(number);
        assertEquals(sent + 1, texts.size(), "one new SMS to the citizen's mobile");
        String code = Journeys.lastCode(texts.get(texts.size() - 1).text());
        assertNotNull(code);
        assertFalse(body.contains(code), "the code never comes back to the administrator");
        return code;
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aReissuedCodeIsTextedToTheCitizenAndTheOldOneStopsWorking() {
        Journeys.AwaitingCheck citizen = journeys.verified("adm-reissue", "GIUDICELLI", "83000001");
        // The citizen burnt attempts on the old code: the new one starts afresh.
        activation.redeem(citizen.subject(), wrong(citizen.activationCode()), null, KEYCLOAK);

        String fresh = reissue(citizen.enrollmentId(), "+33683000001");
        assertEquals("admin-reissue-activation-code", AdminApi.last(citizen.enrollmentId()).action);
        assertEquals(AdminApi.ADMIN, AdminApi.last(citizen.enrollmentId()).actor);

        if (!fresh.equals(citizen.activationCode())) {
            assertEquals(new Redemption.Wrong(4), activation.redeem(citizen.subject(), citizen.activationCode(), null, KEYCLOAK),
                    "the old code is dead, and the attempt counter started again");
        }
        assertInstanceOf(Redemption.Redeemed.class, activation.redeem(citizen.subject(), fresh, null, KEYCLOAK));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void theAgentFindsTheCitizenByTheReissuedCodeOnly() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("adm-reissue-awaiting", "NICOLAI", "83000002");

        String fresh = reissue(citizen.enrollmentId(), "+33683000002");
        if (!fresh.equals(citizen.activationCode())) {
            assertEquals(List.of(), activation.findAwaitingCheck(citizen.activationCode(), "NICOLAI"));
        }
        assertEquals(List.of(citizen.enrollmentId()),
                activation.findAwaitingCheck(fresh, "NICOLAI").stream().map(e -> e.id).toList());
    }

    @Inject
    fr.idnum.enrollment.messaging.RecordingRegisteredLetterSender registeredLetters;

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void afterARemoteCheckTheReissuedCodeGoesByRegisteredLetterNotToThePhone() {
        Journeys.AwaitingCheck citizen = journeys.remotelyVerified("adm-reissue-remote-ok", "POLI", "83000009");
        int texts = sms.sentTo("+33683000009").size();

        act(citizen.enrollmentId(), "reissue-activation-code", "citizen lost the letter").statusCode(202)
                .body("delivery", equalTo("registered-letter"));

        assertEquals(texts, sms.sentTo("+33683000009").size(), "no SMS: the number was not proven by the remote check");
        var letters = registeredLetters.sentTo("adm-reissue-remote-ok@example.fr");
        assertEquals(1, letters.size(), "the replacement (the journey issued the first code through the service, unsent)");
        assertInstanceOf(Redemption.Redeemed.class,
                activation.redeem(citizen.subject(), Journeys.lastCode(letters.get(0).letter().text()), null, KEYCLOAK));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void noCodeIsReissuedOnceActivatedNorBeforeARemoteCheckIssuesOne() {
        UUID active = journeys.active("adm-reissue-active", "RAFFALLI", "83000003").enrollmentId();
        UUID remote = journeys.awaitingRemoteCheck("adm-reissue-remote", "RAFFALLI", "83000004");
        List<String> before = actionsOf(active);
        int sent = sms.all().size();

        act(active, "reissue-activation-code", "lost").statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "code-not-reissuable"))
                .body("detail", Matchers.containsString("ACTIVE"));
        act(remote, "reissue-activation-code", "lost").statusCode(409)
                .body("type", equalTo(Problem.TYPE_BASE + "no-activation-code"));
        act(active, "suspend", "lost phone").statusCode(200);
        act(active, "reissue-activation-code", "lost").statusCode(409)
                .body("type", not(equalTo(Problem.TYPE_BASE + "no-activation-code")));

        assertEquals(sent, sms.all().size(), "no SMS for a refused reissue");
        assertEquals(before.size() + 1, actionsOf(active).size(), "only the suspension was audited");
    }
}
