package fr.idnum.enrollment.admin;

import static fr.idnum.enrollment.admin.AdminApi.act;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import fr.idnum.protocol.enrollment.EnrollmentStatus;
import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.enrollment.EnrollmentStatusChanged;
import fr.idnum.enrollment.messaging.RecordingLetterSender;
import fr.idnum.enrollment.support.CapturingMailSender;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.propagation.PropagatedStatus;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class ReactivationRequiredTest {

    @Inject
    Journeys journeys;
    @Inject
    StatusChangeRecorder recorder;
    @Inject
    RecordingSmsGateway sms;
    @Inject
    ActivationService activation;
    @Inject
    RecordingLetterSender letters;
    @Inject
    CapturingMailSender mail;
    @Inject
    TestClock clock;

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aLostPhoneSendsTheCitizenBackToActivationWithANewCode() {
        UUID id = journeys.active("adm-reactivate", "POLI", "89000001").enrollmentId();
        int textsBefore = sms.sentTo("+33689000001").size();

        act(id, "require-reactivation", "phone lost, ticket 5150").statusCode(202).body("state", equalTo("VERIFIED"))
                .body("delivery", equalTo("letter")).body("codeNotBefore", org.hamcrest.Matchers.notNullValue());
        assertTrue(AdminApi.actionsOf(id).containsAll(List.of("admin-require-reactivation", "activation-code-posted")));
        List<EnrollmentStatusChanged> changes = recorder.changesOf(id);
        EnrollmentStatusChanged change = changes.get(changes.size() - 1);
        assertEquals(EnrollmentState.ACTIVE, change.from());
        assertEquals(EnrollmentState.VERIFIED, change.to());
        assertEquals(EnrollmentStatus.REACTIVATION_REQUIRED, PropagatedStatus.of(change.from(), change.to()).orElseThrow());

        assertEquals(textsBefore, sms.sentTo("+33689000001").size(), "nothing texted to the lost phone's number");
        List<RecordingLetterSender.RecordedLetter> posted = letters.sentFor(id.toString());
        assertEquals(1, posted.size(), "the code goes by post to the verified address");
        assertEquals("3 cours Napoléon", posted.get(0).letter().address().line1());
        String text = posted.get(0).letter().text();
        String newCode = Journeys.lastCode(text.substring(text.indexOf("est :")));
        List<CapturingMailSender.Mail> toMail = mail.sentTo("adm-reactivate@example.fr");
        CapturingMailSender.Mail notice = toMail.get(toMail.size() - 1);
        assertTrue(notice.subject().contains("envoyé par courrier"), notice.subject());
        assertEquals(null, Journeys.lastCode(notice.text()), "no code in the e-mail");

        Actor keycloak = new Actor("keycloak", Actor.SYSTEM);
        assertInstanceOf(ActivationService.Redemption.CoolingOff.class, activation.redeem("adm-reactivate", newCode, "reactivation", keycloak),
                "not before the cooling-off is over");
        clock.advance(Duration.ofDays(3).plusSeconds(1));
        try {
            assertInstanceOf(ActivationService.Redemption.Redeemed.class, activation.redeem("adm-reactivate", newCode, "reactivation", keycloak),
                    "the new code activates the new phone");
        } finally {
            clock.reset();
        }
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aPostedCodeIsReissuedByPostAgainNeverByText() {
        UUID id = journeys.active("adm-reactivate-reissue", "CASANOVA", "89000003").enrollmentId();
        act(id, "require-reactivation", "phone lost").statusCode(202);
        int texts = sms.sentTo("+33689000003").size();

        act(id, "reissue-activation-code", "the letter never came").statusCode(202)
                .body("delivery", equalTo("letter")).body("codeNotBefore", org.hamcrest.Matchers.notNullValue());

        assertEquals(texts, sms.sentTo("+33689000003").size(), "nothing texted");
        assertEquals(2, letters.sentFor(id.toString()).size());
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void onlyAnActiveEnrollmentCanRequireReactivation() {
        UUID id = journeys.verified("adm-reactivate-early", "PERETTI", "89000002").enrollmentId();
        act(id, "require-reactivation", "phone lost").statusCode(409);
    }
}
