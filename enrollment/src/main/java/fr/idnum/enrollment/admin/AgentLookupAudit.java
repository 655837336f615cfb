package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.backoffice.StrongSignIn;
import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.problem.Problem.FieldError;
import fr.idnum.enrollment.verification.AgentLookup;
import fr.idnum.enrollment.verification.AgentLookups;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * The agents' look-ups, for administrators and auditors: by agent, by birth name (hashed here as it was recorded),
 * or both, newest first. The activation codes typed were never kept; the birth names only as keyed hashes, so
 * this answers "who looked this name up?" and "what did this agent look up?", never "which names were typed?".
 */
@Path("/api/v1/admin/agent-lookups")
@RolesAllowed(Actor.ADMIN)
@StrongSignIn
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class AgentLookupAudit {

    private static final Logger LOG = Logger.getLogger(AgentLookupAudit.class);

    /** One look-up: when, by whom, what came of it, and the (first) enrollment it found. */
    public record Entry(Instant occurredAt, String agent, AgentLookup.Outcome outcome, int matches, UUID enrollmentId) {
        static Entry of(AgentLookup l) {
            return new Entry(l.occurredAt, l.agent, l.outcome, l.matches, l.enrollmentId);
        }
    }

    /** One page, newest first, and how many match in all. */
    public record Results(int page, int size, long total, List<Entry> items) {
    }

    private final AgentLookups lookups;
    private final JsonWebToken token;
    private final SecurityIdentity caller;

    AgentLookupAudit(AgentLookups lookups, JsonWebToken token, SecurityIdentity caller) {
        this.lookups = lookups;
        this.token = token;
        this.caller = caller;
    }

    @GET
    @Transactional
    @Operation(summary = "The agents' look-ups by agent (token subject) and/or birth name, newest first")
    @APIResponse(responseCode = "200", description = "One page of look-ups and the total count")
    @APIResponse(responseCode = "400", description = "Neither agent nor birth name, or a page size over " + EnrollmentSearch.MAX_PAGE_SIZE,
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    public Results search(@QueryParam("agent") @Size(max = 255) String agent,
                          @QueryParam("birthName") @Size(max = 256) String birthName,
                          @QueryParam("page") @DefaultValue("0") @Min(0) @Max(EnrollmentSearch.MAX_PAGE) int page,
                          @QueryParam("size") @DefaultValue("" + EnrollmentSearch.DEFAULT_PAGE_SIZE)
                          @Min(1) @Max(EnrollmentSearch.MAX_PAGE_SIZE) int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (agent != null && !agent.isBlank()) {
            where.add("agent = :agent");
            params.put("agent", agent.trim());
        }
        if (birthName != null && !birthName.isBlank()) {
            where.add("birthNameHash = :name");
            params.put("name", lookups.birthNameHash(birthName));
        }
        if (where.isEmpty()) {
            throw new InvalidFieldsException(List.of(new FieldError("query", "give agent, birthName or both")));
        }
        var query = AgentLookup.<AgentLookup>find(String.join(" and ", where), Sort.descending("occurredAt", "id"), params);
        long total = query.count();
        List<Entry> items = query.page(Page.of(page, size)).list().stream().map(Entry::of).toList();
        LOG.infof("Administrator %s read agent look-ups by %s: %d match(es)", actor(), params.keySet(), total);
        return new Results(page, size, total, items);
    }

    private String actor() {
        return token.getSubject() != null ? token.getSubject() : caller.getPrincipal().getName();
    }
}
