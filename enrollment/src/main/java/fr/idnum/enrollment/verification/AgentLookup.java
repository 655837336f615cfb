package fr.idnum.enrollment.verification;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One look-up an agent made by activation code and birth name, kept whatever came of it (append-only). The birth
 * name is a keyed hash; the activation code is never kept. The failed ones are what the limits count.
 */
@Entity
@Table(name = "agent_lookup")
public class AgentLookup extends PanacheEntityBase {

    /** What came of a look-up. */
    public enum Outcome {
        FOUND, NOT_FOUND, REFUSED_AGENT_LIMIT, REFUSED_BIRTH_NAME_LIMIT
    }

    @Id
    public UUID id;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String agent;

    @Column(name = "birth_name_hash")
    public String birthNameHash;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    /** How many enrollments matched (usually 0 or 1). */
    public int matches;

    /** The (first) enrollment found; each one found also has the look-up in its own audit trail. */
    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    static AgentLookup record(String agent, String birthNameHash, Outcome outcome, int matches, UUID enrollmentId,
                              Instant at) {
        AgentLookup lookup = new AgentLookup();
        lookup.id = UUID.randomUUID();
        lookup.occurredAt = at;
        lookup.agent = agent;
        lookup.birthNameHash = birthNameHash;
        lookup.outcome = outcome;
        lookup.matches = matches;
        lookup.enrollmentId = enrollmentId;
        lookup.persist();
        return lookup;
    }
}
