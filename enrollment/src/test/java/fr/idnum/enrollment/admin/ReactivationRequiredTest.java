package fr.idnum.enrollment.admin;

import static fr.idnum.enrollment.admin.AdminApi.act;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.enrollment.EnrollmentStatusChanged;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.propagation.PropagatedStatus;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
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

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aLostPhoneSendsTheCitizenBackToActivationWithANewCode() {
        UUID id = journeys.active("adm-reactivate", "POLI", "89000001").enrollmentId();

        act(id, "require-reactivation", "phone lost, ticket 5150").statusCode(202).body("state", equalTo("VERIFIED"));
        assertEquals("admin-require-reactivation", AdminApi.last(id).action);
        List<EnrollmentStatusChanged> changes = recorder.changesOf(id);
        EnrollmentStatusChanged change = changes.get(changes.size() - 1);
        assertEquals(EnrollmentState.ACTIVE, change.from());
        assertEquals(EnrollmentState.VERIFIED, change.to());
        assertEquals(PropagatedStatus.REACTIVATION_REQUIRED, PropagatedStatus.of(change.from(), change.to()).orElseThrow());

        List<RecordingSmsGateway.RecordedSms> texts = sms.sentTo("+33689000001");
        String newCode = Journeys.lastCode(texts.get(texts.size() - 1).text());
        assertInstanceOf(ActivationService.Redemption.Redeemed.class,
                activation.redeem("adm-reactivate", newCode, "reactivation", new Actor("keycloak", Actor.SYSTEM)),
                "the new code activates the new phone");
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void onlyAnActiveEnrollmentCanRequireReactivation() {
        UUID id = journeys.verified("adm-reactivate-early", "PERETTI", "89000002").enrollmentId();
        act(id, "require-reactivation", "phone lost").statusCode(409);
    }
}
