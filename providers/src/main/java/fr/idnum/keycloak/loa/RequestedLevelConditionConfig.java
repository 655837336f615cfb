package fr.idnum.keycloak.loa;

import java.util.Map;
import java.util.OptionalInt;

import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed, null-safe view of a {@link RequestedLevelCondition} execution's configuration: the range of
 * requested levels of assurance for which the sub-flow runs. A missing bound is open.
 */
public final class RequestedLevelConditionConfig {

    public static final String MIN_LEVEL = "idnum.requested-level.min";
    public static final String MAX_LEVEL = "idnum.requested-level.max";

    private final OptionalInt minLevel;
    private final OptionalInt maxLevel;

    RequestedLevelConditionConfig(OptionalInt minLevel, OptionalInt maxLevel) {
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    public static RequestedLevelConditionConfig of(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new RequestedLevelConditionConfig(level(config, MIN_LEVEL), level(config, MAX_LEVEL));
    }

    private static OptionalInt level(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            // A mistyped bound must not silently widen the range: treat it as "matches nothing".
            throw new IllegalStateException("Invalid level in condition config '" + key + "': " + value, e);
        }
    }

    /**
     * Whether a requested level falls inside the configured range. A request that names no level
     * ({@code requested < 1}) is treated as the lowest level, as Keycloak's own LoA condition does.
     */
    public boolean matches(int requestedLevel) {
        int effective = Math.max(requestedLevel, 1);
        return (minLevel.isEmpty() || effective >= minLevel.getAsInt())
                && (maxLevel.isEmpty() || effective <= maxLevel.getAsInt());
    }
}
