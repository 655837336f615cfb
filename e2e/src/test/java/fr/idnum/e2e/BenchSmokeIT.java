package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import fr.idnum.bench.AdminApi;
import fr.idnum.bench.Bench;
import fr.idnum.bench.EnrollmentBench;
import fr.idnum.bench.IdentityCheck;
import fr.idnum.bench.Outcome;
import fr.idnum.bench.Report;
import fr.idnum.bench.Sample;
import fr.idnum.bench.ServerProcess;
import fr.idnum.bench.SignInKind;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.KeycloakProcess;
import fr.idnum.e2e.support.RemoteVerificationProvider;
import fr.idnum.e2e.support.TestEnvironment;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The bench (docs/benchmarks.md), small: 5 citizens of each kind sign in 3 times each, concurrently, against the
 * test server — eidas2 with the phone, and Keycloak's password and password + OTP baselines. Proves the bench
 * itself works end to end (every sign-in reaches a valid ID token at the level asked, every push reaches the
 * phone) and leaves the realm as it found it; then 4 enrollments end to end at once, and their 4 activations at
 * once (every one through, the citizens removed after). Prints the tables, asserts no figure.
 */
/*
 * Runs after every other class but SecretsInLogsIT (junit-platform.properties): the bench's driver signs in from the
 * loopback address with the per-source limit raised for the run, so once the limit is back the loopback's quarter-hour
 * window is full, and the browser tests (Chromium can only come from the loopback) would be refused for 15 minutes.
 */
@Order(Integer.MAX_VALUE - 1)
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class BenchSmokeIT {

    private static final int CITIZENS = 5;
    private static final int SIGN_INS_EACH = 3;
    private static final int ENROLLMENTS = 4;

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    private Bench.Target target() {
        EnrollmentService service = EnrollmentService.get();
        AdminApi admin = new AdminApi(URI.create(TestEnvironment.KEYCLOAK), TestEnvironment.REALM,
                () -> adminClient.tokenManager().getAccessTokenString());
        IdentityCheck remoteCheck = enrollmentId -> {
            var verdict = RemoteVerificationProvider.get().verified(UUID.fromString(enrollmentId));
            if (verdict.statusCode() / 100 != 2) {
                throw new IllegalStateException("verdict refused: HTTP " + verdict.statusCode());
            }
        };
        List<ServerProcess> processes = new ArrayList<>();
        processes.add(new ServerProcess(Report.KEYCLOAK, KeycloakProcess.find().pid()));
        ServerProcess.listeningOn(Report.ENROLLMENT, TestEnvironment.ENROLLMENT_PORT).ifPresent(processes::add);
        processes.add(ServerProcess.machine());
        return new Bench.Target(URI.create(TestEnvironment.ISSUER), URI.create(service.url()), admin, remoteCheck, processes);
    }

    @Test
    void enrollmentsEndToEndThenTheirActivationsAllAtOnce() {
        Bench.Target target = target();
        List<EnrollmentBench.Phase> phases = EnrollmentService.explainingRefusedTokens(
                () -> new EnrollmentBench(target, List.of(ENROLLMENTS), System.out).run());
        EnrollmentBench.print(phases, target.processes().stream().map(ServerProcess::name).toList(), System.out);

        assertEquals(2, phases.size(), "an enrollment phase and an activation phase");
        for (EnrollmentBench.Phase phase : phases) {
            assertEquals(List.of(), phase.errors(), phase.name());
            assertEquals(ENROLLMENTS, phase.nanos().size(), phase.name());
            assertTrue(phase.cpuMillisPerTry(Report.KEYCLOAK) > 0, phase.name() + ": Keycloak's CPU over the phase");
        }
        assertTrue(realm.admin().users().search("bench-", 0, 10).isEmpty(), "the bench's citizens are gone");
    }

    @Test
    void everyKindSignsInWithValidTokensAndEveryPushDelivered() {
        Bench.Target target = target();
        int clientsBefore = realm.admin().clients().findAll().size();
        int flowsBefore = realm.admin().flows().getFlows().size();

        Report report = EnrollmentService.explainingRefusedTokens(() -> new Bench(target,
                new Bench.Options(List.of(CITIZENS), SIGN_INS_EACH, 0, List.of(SignInKind.values()), 4),
                System.out).run());
        report.print(System.out);

        assertEquals(SignInKind.values().length, report.samples().size());
        for (Sample sample : report.samples()) {
            List<String> errors = sample.outcomes().stream().filter(o -> !o.ok()).map(Outcome::error).toList();
            assertEquals(List.of(), errors, sample.kind().label());
            assertEquals(CITIZENS * SIGN_INS_EACH, sample.succeeded(), sample.kind().label());
            assertTrue(sample.cpuMillisPerSignIn(Report.MACHINE) > 0, sample.kind().label() + ": the machine's CPU over the sample");
            if (sample.kind() == SignInKind.PUSH) {
                assertEquals(CITIZENS * SIGN_INS_EACH, sample.pushesDelivered(), "every push reached its phone");
                assertTrue(sample.outcomes().stream().allMatch(o -> o.approvalToArrivalNanos() > 0));
            }
        }
        assertEquals(clientsBefore, realm.admin().clients().findAll().size(), "the bench's clients are gone");
        assertEquals(flowsBefore, realm.admin().flows().getFlows().size(), "the bench's flow is gone");
        assertTrue(realm.admin().users().search("bench-", 0, 10).isEmpty(), "the bench's citizens are gone");
    }
}
