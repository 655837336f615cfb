package fr.idnum.desk.site;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import fr.idnum.desk.backoffice.ApiAnswer;
import fr.idnum.desk.backoffice.ApiAnswer.Json;
import fr.idnum.desk.backoffice.BackOfficeApi;
import fr.idnum.desk.backoffice.BackOfficeApi.Action;

/**
 * The operator's side: the search ({@code POST /operateur}: a form, so names and numbers stay out of URLs and
 * logs) and the actions ({@code POST /operateur/action}); after an action the last search is run again, so the
 * page shows the state the service now holds.
 */
final class OperatorDesk {

    private static final System.Logger LOG = System.getLogger(OperatorDesk.class.getName());
    private static final List<String> CRITERIA = List.of("mobilePhone", "birthName", "birthDate", "enrollmentId");

    private final BackOfficeApi api;
    private final ProblemMessages problems;

    OperatorDesk(BackOfficeApi api, ProblemMessages problems) {
        this.api = api;
        this.problems = problems;
    }

    void handle(DeskSite.Visit visit, String path, boolean post, Map<String, String> form) throws IOException {
        Page page = visit.page("operator.title");
        if (!post) {
            visit.send(OperatorPages.search(page, visit.session().lastSearch), 200);
            return;
        }
        if (path.equals("/operateur")) {
            Map<String, String> typed = new LinkedHashMap<>();
            CRITERIA.forEach(name -> typed.put(name, form.getOrDefault(name, "").trim()));
            visit.session().lastSearch = typed;
        } else {
            act(visit, page, form);
        }
        Map<String, String> search = visit.session().lastSearch;
        OperatorPages.search(page, search);
        if (search != null) {
            showResults(visit, page, search);
        }
        visit.send(page, 200);
    }

    private void act(DeskSite.Visit visit, Page page, Map<String, String> form) {
        Action action = Action.ofPath(form.getOrDefault("action", ""));
        String enrollment = form.getOrDefault("enrollment", "");
        if (action == null) {
            page.alert("problem", List.of(visit.texts().get("operator.unknownAction")));
            return;
        }
        var answer = api.act(visit.session().staff.accessToken(), enrollment, action, form.getOrDefault("reason", "").trim());
        if (answer instanceof ApiAnswer.Refused<Map<String, Object>> refused) {
            page.alert("problem", problems.explain(refused.problem()));
            return;
        }
        Map<String, Object> body = ((ApiAnswer.Done<Map<String, Object>>) answer).body();
        String state = Json.string(body, "state");
        LOG.log(Level.INFO, "Operator {0} applied {1} to enrollment {2}: now {3}", visit.session().staff.subject(), action.path(),
                enrollment, state);
        String done = visit.texts().get("operator.done", enrollment, visit.texts().getOr("state." + state, String.valueOf(state)));
        if (action == Action.REQUIRE_REACTIVATION) {
            done += " " + visit.texts().get("operator.done.letter");
        }
        page.status("outcome", done);
    }

    private void showResults(DeskSite.Visit visit, Page page, Map<String, String> search) {
        var token = visit.session().staff.accessToken();
        String id = search.getOrDefault("enrollmentId", "");
        if (!id.isBlank()) {
            var answer = api.view(token, id);
            if (answer instanceof ApiAnswer.Refused<Map<String, Object>> refused) {
                page.alert("search-problem", problems.explain(refused.problem()));
                return;
            }
            OperatorPages.results(page, List.of(summary(((ApiAnswer.Done<Map<String, Object>>) answer).body())));
            return;
        }
        Map<String, String> criteria = new LinkedHashMap<>(search);
        criteria.remove("enrollmentId");
        var answer = api.search(token, criteria);
        if (answer instanceof ApiAnswer.Refused<Map<String, Object>> refused) {
            page.alert("search-problem", problems.explain(refused.problem()));
            return;
        }
        OperatorPages.results(page, Json.objects(((ApiAnswer.Done<Map<String, Object>>) answer).body().get("items")));
    }

    /** One enrollment read whole, reduced to a search result's line. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(Map<String, Object> details) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", details.get("id"));
        summary.put("state", details.get("state"));
        summary.put("updatedAt", details.get("updatedAt"));
        Object identity = details.get("identity");
        if (identity instanceof Map<?, ?> map) {
            Map<String, Object> person = (Map<String, Object>) map;
            summary.put("givenNames", person.get("givenNames"));
            summary.put("birthName", person.get("birthName"));
            summary.put("birthDate", person.get("birthDate"));
        } else {
            summary.put("identityErased", true);
        }
        return summary;
    }
}
