package fr.idnum.enrollment.verification;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How many failed look-ups (no enrollment awaiting a check has that code and birth name) are allowed in a sliding
 * window, per agent and per birth name (whoever the agents). Beyond, look-ups are refused (429) until the oldest
 * failure that counts leaves the window. Successes reset nothing.
 */
@ConfigMapping(prefix = "idnum.agent-lookup")
public interface AgentLookupConfig {

    /** Failures an agent may make within {@link #agentWindow()}: typos, not a walk through a million codes. */
    @WithDefault("5")
    int maxFailuresPerAgent();

    @WithDefault("PT15M")
    Duration agentWindow();

    /** Failures on one birth name within {@link #birthNameWindow()}, all agents together (collusion, many accounts). */
    @WithDefault("5")
    int maxFailuresPerBirthName();

    @WithDefault("PT1H")
    Duration birthNameWindow();
}
