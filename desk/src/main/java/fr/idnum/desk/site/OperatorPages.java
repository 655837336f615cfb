package fr.idnum.desk.site;

import java.util.List;
import java.util.Map;

import fr.idnum.desk.backoffice.ApiAnswer.Json;
import fr.idnum.desk.backoffice.BackOfficeApi.Action;

/**
 * The operator's page: the search form (mobile number, birth name with birth date, or the enrollment's id), the
 * matching enrollments with their state, and for each one the actions with a mandatory reason.
 */
final class OperatorPages {

    private OperatorPages() {
    }

    static Page search(Page page, Map<String, String> typed) {
        Texts texts = page.texts();
        page.text("p", "", "operator.intro");
        page.html("<form method=\"post\" action=\"/operateur\" id=\"operator-search\">" + page.csrfField());
        page.html("<fieldset><legend>" + Page.escape(texts.get("operator.search.legend")) + "</legend>");
        page.text("p", "class=\"hint\" id=\"operator-search-hint\"", "operator.search.hint");
        field(page, "mobilePhone", "operator.mobilePhone", "tel", typed);
        field(page, "birthName", "operator.birthName", "text", typed);
        field(page, "birthDate", "operator.birthDate", "text", typed);
        field(page, "enrollmentId", "operator.enrollmentId", "text", typed);
        page.html("<button type=\"submit\" id=\"operator-search-button\">" + Page.escape(texts.get("operator.search")) + "</button>");
        return page.html("</fieldset></form>");
    }

    private static void field(Page page, String name, String labelKey, String type, Map<String, String> typed) {
        String value = typed == null ? "" : typed.getOrDefault(name, "");
        page.html("<div class=\"field\"><label for=\"" + name + "\">" + Page.escape(page.texts().get(labelKey)) + "</label>"
                + "<input type=\"" + type + "\" id=\"" + name + "\" name=\"" + name + "\" autocomplete=\"off\" maxlength=\"256\""
                + " aria-describedby=\"operator-search-hint\" value=\"" + Page.escape(value) + "\"></div>");
    }

    /** The enrollments found, each with its action form. */
    static Page results(Page page, List<Map<String, Object>> enrollments) {
        Texts texts = page.texts();
        if (enrollments.isEmpty()) {
            return page.status("operator-none", texts.get("operator.none"));
        }
        page.html("<h2 id=\"results-title\">" + Page.escape(texts.get("operator.results", enrollments.size())) + "</h2>");
        page.html("<table id=\"enrollments\" aria-labelledby=\"results-title\"><thead><tr>"
                + th(texts, "operator.col.id") + th(texts, "operator.col.person") + th(texts, "operator.col.birthDate")
                + th(texts, "operator.col.state") + th(texts, "operator.col.updated") + "</tr></thead><tbody>");
        for (Map<String, Object> enrollment : enrollments) {
            String id = Json.string(enrollment, "id");
            String state = Json.string(enrollment, "state");
            boolean erased = Boolean.TRUE.equals(enrollment.get("identityErased"));
            String person = erased ? texts.get("operator.erased")
                    : (nonNull(Json.string(enrollment, "givenNames")) + " " + nonNull(Json.string(enrollment, "birthName"))).trim();
            page.html("<tr data-enrollment=\"" + Page.escape(id) + "\"><th scope=\"row\"><code>" + Page.escape(id) + "</code></th><td>"
                    + Page.escape(person) + "</td><td>" + Page.escape(nonNull(Json.string(enrollment, "birthDate"))) + "</td>"
                    + "<td class=\"state\" data-state=\"" + Page.escape(nonNull(state)) + "\">"
                    + Page.escape(texts.getOr("state." + state, nonNull(state))) + "</td><td>"
                    + Page.escape(nonNull(Json.string(enrollment, "updatedAt"))) + "</td></tr>");
        }
        page.html("</tbody></table>");
        for (Map<String, Object> enrollment : enrollments) {
            actionForm(page, Json.string(enrollment, "id"));
        }
        return page;
    }

    private static void actionForm(Page page, String id) {
        Texts texts = page.texts();
        String safe = Page.escape(id);
        page.html("<form method=\"post\" action=\"/operateur/action\" class=\"action\" id=\"action-" + safe + "\">" + page.csrfField()
                + "<input type=\"hidden\" name=\"enrollment\" value=\"" + safe + "\">");
        page.html("<fieldset><legend>" + Page.escape(texts.get("operator.action.legend", id)) + "</legend>");
        page.html("<div class=\"field\"><label for=\"action-" + safe + "-select\">" + Page.escape(texts.get("operator.action")) + "</label>"
                + "<select id=\"action-" + safe + "-select\" name=\"action\" required><option value=\"\"></option>");
        for (Action action : Action.values()) {
            page.html("<option value=\"" + action.path() + "\">" + Page.escape(texts.get("operator.action." + action.path())) + "</option>");
        }
        page.html("</select></div>");
        page.html("<div class=\"field\"><label for=\"action-" + safe + "-reason\">" + Page.escape(texts.get("operator.reason")) + "</label>"
                + "<textarea id=\"action-" + safe + "-reason\" name=\"reason\" rows=\"2\" maxlength=\"1000\" required></textarea></div>");
        page.html("<button type=\"submit\" id=\"action-" + safe + "-apply\">" + Page.escape(texts.get("operator.apply")) + "</button>");
        page.html("</fieldset></form>");
    }

    private static String th(Texts texts, String key) {
        return "<th scope=\"col\">" + Page.escape(texts.get(key)) + "</th>";
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
