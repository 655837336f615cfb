package fr.idnum.enrollment.verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.identity.IdentityRules;
import fr.idnum.enrollment.secret.SecretCodes;
import fr.idnum.enrollment.verification.AgentLookup.Outcome;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.Startup;

/**
 * The agent's look-up by activation code and birth name, bounded and audited. A look-up that finds nothing is a
 * failure; too many within a sliding window, by one agent or on one birth name (all agents together), and
 * look-ups are refused until the oldest counted failure leaves the window, so nobody can walk the million codes
 * for a known name. Every look-up, refused ones included, is recorded ({@link AgentLookup}); each enrollment found
 * also gets the look-up in its own audit trail (who saw the citizen's document data, and when).
 */
@ApplicationScoped
@Startup
public class AgentLookups {

    /** The keyed hash of a birth name in the look-up records, for this purpose only. */
    static final String BIRTH_NAME_PURPOSE = "agent-lookup-birth-name";
    /** The action of the line an enrollment's audit trail gets when an agent finds it. */
    public static final String TRAIL_ACTION = "agent-lookup";

    /** What came of a look-up. */
    public sealed interface Result {
        record Found(List<Enrollment> enrollments) implements Result {
        }

        /** {@code why}: {@link Outcome#REFUSED_AGENT_LIMIT} or {@link Outcome#REFUSED_BIRTH_NAME_LIMIT}. */
        record Refused(Outcome why, Duration retryAfter) implements Result {
        }
    }

    private final ActivationService activation;
    private final SecretCodes codes;
    private final AgentLookupConfig config;
    private final Clock clock;

    AgentLookups(ActivationService activation, SecretCodes codes, AgentLookupConfig config, Clock clock) {
        this.activation = activation;
        this.codes = codes;
        this.config = config;
        this.clock = clock;
        if (config.maxFailuresPerAgent() < 1 || config.maxFailuresPerBirthName() < 1) {
            throw new IllegalStateException("idnum.agent-lookup.max-failures-* must be at least 1");
        }
    }

    /**
     * Looks up, unless a limit is reached. Commits its record even when refused: the caller turns a refusal into
     * an error after this returns.
     */
    @Transactional
    public Result lookUp(Actor agent, String code, String birthName) {
        Instant now = clock.instant();
        String nameHash = birthNameHash(birthName);
        // Agent first, then name, always: look-ups wait for each other without deadlocking.
        guard("AGENT", agent.id(), now);
        guard("BIRTH_NAME", nameHash, now);
        Optional<Duration> agentWait = waitFor("agent", agent.id(), config.maxFailuresPerAgent(), config.agentWindow(), now);
        if (agentWait.isPresent()) {
            return refuse(agent, nameHash, Outcome.REFUSED_AGENT_LIMIT, agentWait.get(), now);
        }
        Optional<Duration> nameWait = waitFor("birthNameHash", nameHash, config.maxFailuresPerBirthName(),
                config.birthNameWindow(), now);
        if (nameWait.isPresent()) {
            return refuse(agent, nameHash, Outcome.REFUSED_BIRTH_NAME_LIMIT, nameWait.get(), now);
        }
        List<Enrollment> found = activation.findAwaitingCheck(code, birthName);
        AgentLookup.record(agent.id(), nameHash, found.isEmpty() ? Outcome.NOT_FOUND : Outcome.FOUND, found.size(),
                found.isEmpty() ? null : found.get(0).id, now);
        for (Enrollment enrollment : found) {
            AuditEvent.append(enrollment.id, agent, TRAIL_ACTION, enrollment.state, enrollment.state, null, now);
        }
        return new Result.Found(found);
    }

    /** The hash a birth name is recorded under (normalised as stored, so "dupont" and "DUPONT " are one name). */
    public String birthNameHash(String birthName) {
        return codes.hash(BIRTH_NAME_PURPOSE, "", IdentityRules.normalisedName(birthName));
    }

    private Result refuse(Actor agent, String nameHash, Outcome why, Duration retryAfter, Instant now) {
        AgentLookup.record(agent.id(), nameHash, why, 0, null, now);
        return new Result.Refused(why, retryAfter);
    }

    /** Inserts or updates, and so locks until commit, the row that serialises the look-ups of one agent or one name. */
    private static void guard(String scope, String subject, Instant now) {
        AgentLookup.getEntityManager().createNativeQuery("insert into agent_lookup_guard (scope, subject, last_lookup_at)"
                        + " values (?1, ?2, ?3) on conflict (scope, subject) do update set last_lookup_at = excluded.last_lookup_at")
                .setParameter(1, scope).setParameter(2, subject).setParameter(3, now)
                .executeUpdate();
    }

    /**
     * How long until fewer than {@code max} failures of {@code field} = {@code value} lie in the window, or empty
     * when there already are: the {@code max}-th latest failure is the one that must leave the window.
     */
    private static Optional<Duration> waitFor(String field, String value, int max, Duration window, Instant now) {
        List<AgentLookup> counted = AgentLookup.<AgentLookup>find(field + " = ?1 and outcome = ?2 and occurredAt > ?3",
                        Sort.descending("occurredAt"), value, Outcome.NOT_FOUND, now.minus(window))
                .range(max - 1, max - 1).list();
        return counted.isEmpty() ? Optional.empty() : Optional.of(Duration.between(now, counted.get(0).occurredAt.plus(window)));
    }
}
