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
    void approvalPhasesArePercentilesOfTheSignInsThatRecordedThem() {
        List<Outcome> outcomes = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            long n = ms * 1_000_000L;
            // a page without its script (-1) does not count in the "told" phase
            long told = ms % 10 == 0 ? -1 : 2 * n;
            outcomes.add(new Outcome(SignInKind.PUSH, 10 * n, 3 * n, true, 5, new Outcome.ApprovalPhases(n, told, 3 * n), null));
        }
        outcomes.add(new Outcome(SignInKind.PUSH, 1, -1, true, 5, null, null));
        outcomes.add(new Outcome(SignInKind.PUSH, 1, 1, true, 5, new Outcome.ApprovalPhases(999_000_000L, 1, 1), "failed"));
        Sample sample = new Sample(SignInKind.PUSH, 10, outcomes, 10.0, List.of());

        assertEquals(50.0, sample.approvalPhaseMillis(Outcome.ApprovalPhases::approved, 50), 1e-9);
        assertEquals(100.0, sample.approvalPhaseMillis(Outcome.ApprovalPhases::approved, 100), 1e-9);
        assertEquals(198.0, sample.approvalPhaseMillis(Outcome.ApprovalPhases::browserKnows, 100), 1e-9);
        assertEquals(150.0, sample.approvalPhaseMillis(Outcome.ApprovalPhases::arrived, 50), 1e-9);
        assertEquals(Double.NaN, new Sample(SignInKind.PUSH, 1, List.of(), 1, List.of())
                .approvalPhaseMillis(Outcome.ApprovalPhases::approved, 50));
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
