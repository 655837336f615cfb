package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Boots the service for real in the production profile with a recording stand-in and expects it to stop
 * at start-up. (Should the guard let it through, the service would run and this test would time out.)
 */
@QuarkusMainTest
// Quarkus' class orderer runs main tests after the @QuarkusTest classes, grouped by profile; @Order is only
// the secondary order (quarkus.test.class-orderer), kept so that this one stays first among main tests.
@Order(1)
@TestProfile(ProductionRefusesStandInsTest.ProductionWithStandIns.class)
class ProductionRefusesStandInsTest {

    /** The prod profile with the SMS and push stand-ins; no database or Keycloak is needed to get that far. */
    public static class ProductionWithStandIns implements QuarkusTestProfile {

        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("idnum.messaging.sms.provider", "recording"),
                    Map.entry("idnum.messaging.mail.provider", "smtp"),
                    Map.entry("idnum.messaging.push.provider", "recording"),
                    Map.entry("idnum.messaging.letter.provider", "recording"),
                    Map.entry("idnum.messaging.registered-letter.provider", "recording"),
                    Map.entry("idnum.secrets.code-hash-key", "UhQ5rO9vHxP9EDxSwgbrDZn7Kl8R3artyD1iCaU9M9U="),
                    Map.entry("quarkus.oidc.auth-server-url", ""),
                    Map.entry("quarkus.oidc.discovery-enabled", "false"),
                    Map.entry("quarkus.oidc.public-key", PUBLIC_KEY),
                    Map.entry("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                    Map.entry("quarkus.flyway.migrate-at-start", "false"),
                    Map.entry("quarkus.hibernate-orm.schema-management.strategy", "none"),
                    Map.entry("quarkus.scheduler.enabled", "false"));
        }
    }

    private static final String PUBLIC_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu9KB4MZBW6e4ll2810SFjybr13jhZF0PiPXCUSCP3LFJicJ4fH2s8eEK1n89wAsE39zoTmytS5QCGFLhlc7r/H+QO3a2V2JHvqiDVFfKqtTVfThRnFAPgzVVIxCcKPr2KOxxX7uQy3ImH1v7Tf1I7XEnfosUMkw3rN4HPEb4ItlCsDEtpxysazsXQOSNu7YJ9lDAwbjPh17rx4TOIo2XctRriDVyyRE4yotvHwgtUAvYsdHV6gn6k39/kon3Z6Wp5Cf6UsnEcccRoBSfg3Cmg8VUeGx2ERABOQUx6fHTsieWjMKMDgz17A33vI+rTiIlFFdfi00l+CM8wKaguA1kXwIDAQAB";

    @Test
    void theProductionProfileDoesNotStartWithRecordingStandIns(QuarkusMainLauncher launcher) {
        LaunchResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> launcher.launch());

        String output = result.getOutput() + result.getErrorOutput();
        assertEquals(1, result.exitCode(), output);
        assertTrue(output.contains("Refusing to start"), output);
        assertTrue(output.contains("idnum.messaging.sms.provider=recording"), output);
        assertTrue(output.contains("idnum.messaging.push.provider=recording"), output);
        assertTrue(output.contains("idnum.messaging.letter.provider=recording"), output);
        assertTrue(output.contains("idnum.messaging.registered-letter.provider=recording"), output);
    }
}
