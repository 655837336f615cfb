package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The rule itself; {@code ProductionRefusesStandInsTest} proves it is applied when the service starts. */
class StandInGuardTest {

    private static final List<String> ONE_STAND_IN = List.of("idnum.messaging.push.provider=recording");

    @Test
    void theProductionProfileRefusesAnyStandInAndNamesIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StandInGuard.refuseStandInsInProduction(List.of("prod"), ONE_STAND_IN));

        assertTrue(e.getMessage().contains("idnum.messaging.push.provider=recording"), e.getMessage());
    }

    @Test
    void aProfileBuiltOnProductionIsProductionToo() {
        assertThrows(IllegalStateException.class,
                () -> StandInGuard.refuseStandInsInProduction(List.of("eu-west", "prod"), ONE_STAND_IN));
    }

    @Test
    void theProductionProfileStartsWithRealProvidersOnly() {
        assertDoesNotThrow(() -> StandInGuard.refuseStandInsInProduction(List.of("prod"), List.of()));
    }

    @Test
    void devTestAndDemoMayUseStandIns() {
        for (String profile : List.of("dev", "test", "demo")) {
            assertDoesNotThrow(() -> StandInGuard.refuseStandInsInProduction(List.of(profile), ONE_STAND_IN), profile);
        }
    }
}
