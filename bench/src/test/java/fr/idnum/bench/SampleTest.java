package fr.idnum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SampleTest {

    @Test
    void percentilesAndRatesCountOnlySuccessfulSignIns() {
        List<Outcome> outcomes = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            outcomes.add(new Outcome(SignInKind.PUSH, ms * 1_000_000L, ms * 100_000L, true, null));
        }
        outcomes.add(Outcome.failed(SignInKind.PUSH, 999_000_000L, false, "refused"));
        Sample sample = new Sample(SignInKind.PUSH, 10, outcomes, 10.0,
                List.of(new Sample.ProcessFigures(Report.KEYCLOAK, 5.0, 900, 100)));

        assertEquals(100, sample.succeeded());
        assertEquals(1, sample.errors());
        assertEquals(10.0, sample.perSecond(), 1e-9);
        assertEquals(50, sample.latencyMillis(50), 1e-9);
        assertEquals(95, sample.latencyMillis(95), 1e-9);
        assertEquals(99, sample.latencyMillis(99), 1e-9);
        assertEquals(5.0, sample.approvalToArrivalMillis(50), 1e-9);
        assertEquals(50.0, sample.cpuMillisPerSignIn(Report.KEYCLOAK), 1e-9);
        assertEquals(100, sample.pushesDelivered());
    }

    @Test
    void ratioOfPushToPasswordKeycloakCpuAtEachConcurrency() {
        Sample password = new Sample(SignInKind.PASSWORD, 10, List.of(new Outcome(SignInKind.PASSWORD, 1, -1, false, null)), 1,
                List.of(new Sample.ProcessFigures(Report.KEYCLOAK, 0.100, 0, 0)));
        Sample push = new Sample(SignInKind.PUSH, 10, List.of(new Outcome(SignInKind.PUSH, 1, 1, true, null)), 1,
                List.of(new Sample.ProcessFigures(Report.KEYCLOAK, 0.050, 0, 0)));
        assertEquals(0.5, new Report(List.of(password, push), List.of(Report.KEYCLOAK)).cpuRatios().get(10), 1e-9);
    }
}
