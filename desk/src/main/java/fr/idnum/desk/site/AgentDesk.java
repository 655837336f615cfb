package fr.idnum.desk.site;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import fr.idnum.desk.backoffice.ApiAnswer;
import fr.idnum.desk.backoffice.ApiAnswer.Json;
import fr.idnum.desk.backoffice.BackOfficeApi;
import fr.idnum.desk.site.DeskSessions.Lookup;

/**
 * The agent's side: the look-up ({@code POST /guichet}) keeps the code the citizen showed and the enrollments found
 * in the session, so the finding ({@code POST /guichet/verification}) names one of those and sends that code, never
 * one written in the page. The log says what happened, never the code or the name.
 */
final class AgentDesk {

    private static final System.Logger LOG = System.getLogger(AgentDesk.class.getName());

    private final BackOfficeApi api;
    private final ProblemMessages problems;

    AgentDesk(BackOfficeApi api, ProblemMessages problems) {
        this.api = api;
        this.problems = problems;
    }

    void handle(DeskSite.Visit visit, String path, boolean post, Map<String, String> form) throws IOException {
        if (!post) {
            visit.send(AgentPages.search(visit.page("agent.title"), null), 200);
        } else if (path.equals("/guichet")) {
            lookUp(visit, form);
        } else {
            record(visit, form);
        }
    }

    private void lookUp(DeskSite.Visit visit, Map<String, String> form) throws IOException {
        String code = form.getOrDefault("activationCode", "").trim();
        String birthName = form.getOrDefault("birthName", "").trim();
        Page page = visit.page("agent.title");
        var answer = api.findForCheck(visit.session().staff.accessToken(), code, birthName);
        if (answer instanceof ApiAnswer.Refused<List<Map<String, Object>>> refused) {
            visit.session().lookup = null;
            page.alert("problem", problems.explain(refused.problem()));
            visit.send(AgentPages.search(page, birthName), 200);
            return;
        }
        List<Map<String, Object>> found = ((ApiAnswer.Done<List<Map<String, Object>>>) answer).body();
        Set<String> ids = new HashSet<>();
        found.forEach(enrollment -> ids.add(Json.string(enrollment, "id")));
        visit.session().lookup = new Lookup(code, Set.copyOf(ids));
        LOG.log(Level.INFO, "Agent {0} looked up an enrollment to check: {1} found", visit.session().staff.subject(), found.size());
        if (found.isEmpty()) {
            AgentPages.found(page, found);
            visit.send(AgentPages.search(page, birthName), 200);
            return;
        }
        visit.send(AgentPages.found(page, found), 200);
    }

    private void record(DeskSite.Visit visit, Map<String, String> form) throws IOException {
        Page page = visit.page("agent.title");
        Lookup lookup = visit.session().lookup;
        String enrollment = form.get("enrollment");
        if (lookup == null || enrollment == null || !lookup.enrollmentIds().contains(enrollment)) {
            page.alert("problem", List.of(visit.texts().get("agent.stale")));
            visit.send(AgentPages.search(page, null), 409);
            return;
        }
        boolean confirm = "confirm".equals(form.get("decision"));
        if (confirm && !"yes".equals(form.get("attest"))) {
            page.alert("problem", List.of(visit.texts().get("agent.attestMissing")));
            visit.send(AgentPages.search(page, null), 400);
            return;
        }
        boolean documentSeen = confirm || !"document-missing".equals(form.get("why"));
        var answer = api.recordCheck(visit.session().staff.accessToken(), enrollment, lookup.activationCode(), documentSeen,
                confirm, confirm ? null : form.getOrDefault("reason", ""));
        if (answer instanceof ApiAnswer.Refused<Map<String, Object>> refused) {
            page.alert("problem", problems.explain(refused.problem()));
            visit.send(AgentPages.search(page, null), 200);
            return;
        }
        visit.session().lookup = null;
        String state = Json.string(((ApiAnswer.Done<Map<String, Object>>) answer).body(), "state");
        LOG.log(Level.INFO, "Agent {0} recorded a finding on enrollment {1}: {2}", visit.session().staff.subject(), enrollment, state);
        page.status("outcome", visit.texts().get(confirm ? "agent.confirmed" : "agent.rejected",
                visit.texts().getOr("state." + state, String.valueOf(state))));
        page.html("<h2>" + Page.escape(visit.texts().get("agent.again")) + "</h2>");
        visit.send(AgentPages.search(page, null), 200);
    }
}
