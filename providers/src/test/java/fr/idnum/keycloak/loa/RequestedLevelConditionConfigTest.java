package fr.idnum.keycloak.loa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class RequestedLevelConditionConfigTest {

    private static RequestedLevelConditionConfig config(Map<String, String> values) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(values);
        return RequestedLevelConditionConfig.of(model);
    }

    @Test
    void passwordSubFlowRunsOnlyForLevelOneOrNoRequestedLevel() {
        RequestedLevelConditionConfig levelOneOnly = config(Map.of(RequestedLevelConditionConfig.MAX_LEVEL, "1"));
        assertTrue(levelOneOnly.matches(-1), "no acr requested counts as level 1");
        assertTrue(levelOneOnly.matches(1));
        assertFalse(levelOneOnly.matches(2));
        assertFalse(levelOneOnly.matches(3));
    }

    @Test
    void refusalSubFlowRunsFromLevelThree() {
        RequestedLevelConditionConfig fromThree = config(Map.of(RequestedLevelConditionConfig.MIN_LEVEL, "3"));
        assertFalse(fromThree.matches(-1));
        assertFalse(fromThree.matches(2));
        assertTrue(fromThree.matches(3));
        assertTrue(fromThree.matches(4));
    }

    @Test
    void missingConfigurationMatchesEveryLevel() {
        RequestedLevelConditionConfig open = RequestedLevelConditionConfig.of(null);
        assertTrue(open.matches(-1));
        assertTrue(open.matches(3));
    }

    @Test
    void mistypedBoundIsRejectedRatherThanIgnored() {
        assertThrows(IllegalStateException.class,
                () -> config(Map.of(RequestedLevelConditionConfig.MIN_LEVEL, "three")));
    }
}
