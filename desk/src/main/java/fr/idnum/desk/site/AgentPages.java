package fr.idnum.desk.site;

import java.util.List;
import java.util.Map;

import fr.idnum.desk.backoffice.ApiAnswer.Json;

/**
 * The post-office agent's page: the look-up form (activation code and birth name, as the citizen shows them), the
 * identity the enrollment service returns for the check, and the two findings: confirmed (document seen and
 * matching, ticked explicitly) or refused with a reason.
 */
final class AgentPages {

    private static final List<String> IDENTITY_FIELDS = List.of("documentType", "documentNumber", "documentExpiryDate",
            "givenNames", "birthName", "usageName", "birthDate");

    private AgentPages() {
    }

    /** The look-up form, with what was typed (the code is never written back into the page). */
    static Page search(Page page, String birthName) {
        Texts texts = page.texts();
        page.text("p", "", "agent.intro");
        page.html("<form method=\"post\" action=\"/guichet\" id=\"agent-search\">" + page.csrfField());
        page.html("<div class=\"field\"><label for=\"activationCode\">" + Page.escape(texts.get("agent.code"))
                + " <span class=\"hint\" id=\"activationCode-hint\">" + Page.escape(texts.get("agent.code.hint")) + "</span></label>"
                + "<input type=\"text\" id=\"activationCode\" name=\"activationCode\" inputmode=\"numeric\" pattern=\"[0-9]{6}\""
                + " maxlength=\"6\" autocomplete=\"off\" required aria-describedby=\"activationCode-hint\"></div>");
        page.html("<div class=\"field\"><label for=\"birthName\">" + Page.escape(texts.get("agent.birthName"))
                + " <span class=\"hint\" id=\"birthName-hint\">" + Page.escape(texts.get("agent.birthName.hint")) + "</span></label>"
                + "<input type=\"text\" id=\"birthName\" name=\"birthName\" maxlength=\"256\" autocomplete=\"off\" required"
                + " aria-describedby=\"birthName-hint\" value=\"" + Page.escape(birthName == null ? "" : birthName) + "\"></div>");
        page.html("<button type=\"submit\" id=\"agent-search-button\">" + Page.escape(texts.get("agent.search")) + "</button>");
        return page.html("</form>");
    }

    /** What the look-up found: each enrollment's identity and the two findings. */
    static Page found(Page page, List<Map<String, Object>> enrollments) {
        Texts texts = page.texts();
        if (enrollments.isEmpty()) {
            return page.status("agent-none", texts.get("agent.none"));
        }
        page.status("agent-found", texts.get("agent.found"));
        for (Map<String, Object> enrollment : enrollments) {
            String id = Json.string(enrollment, "id");
            page.html("<section class=\"enrollment\" aria-labelledby=\"identity-" + Page.escape(id) + "\">");
            page.html("<h2 id=\"identity-" + Page.escape(id) + "\">" + Page.escape(texts.get("agent.identity")) + "</h2>");
            page.html("<dl class=\"identity\">");
            for (String field : IDENTITY_FIELDS) {
                String value = Json.string(enrollment, field);
                if (field.equals("documentType") && value != null) {
                    value = texts.getOr("document." + value, value);
                }
                page.html("<dt>" + Page.escape(texts.get("agent.field." + field)) + "</dt><dd data-field=\"" + field + "\">"
                        + Page.escape(value == null || value.isBlank() ? texts.get("agent.field.none") : value) + "</dd>");
            }
            page.html("</dl>");
            confirmForm(page, id);
            rejectForm(page, id);
            page.html("</section>");
        }
        return page;
    }

    private static void confirmForm(Page page, String id) {
        Texts texts = page.texts();
        page.html("<form method=\"post\" action=\"/guichet/verification\" class=\"confirm\" id=\"confirm-form\">" + page.csrfField()
                + "<input type=\"hidden\" name=\"enrollment\" value=\"" + Page.escape(id) + "\">"
                + "<input type=\"hidden\" name=\"decision\" value=\"confirm\">");
        page.html("<fieldset><legend>" + Page.escape(texts.get("agent.confirm.legend")) + "</legend>"
                + "<div class=\"choice\"><input type=\"checkbox\" id=\"attest\" name=\"attest\" value=\"yes\" required>"
                + " <label for=\"attest\">" + Page.escape(texts.get("agent.confirm.attest")) + "</label></div>"
                + "<button type=\"submit\" id=\"confirm-button\">" + Page.escape(texts.get("agent.confirm.button")) + "</button>"
                + "</fieldset></form>");
    }

    private static void rejectForm(Page page, String id) {
        Texts texts = page.texts();
        page.html("<form method=\"post\" action=\"/guichet/verification\" class=\"reject\" id=\"reject-form\">" + page.csrfField()
                + "<input type=\"hidden\" name=\"enrollment\" value=\"" + Page.escape(id) + "\">"
                + "<input type=\"hidden\" name=\"decision\" value=\"reject\">");
        page.html("<fieldset><legend>" + Page.escape(texts.get("agent.reject.legend")) + "</legend>");
        page.html("<fieldset class=\"inner\"><legend>" + Page.escape(texts.get("agent.reject.why")) + "</legend>"
                + "<div class=\"choice\"><input type=\"radio\" id=\"why-mismatch\" name=\"why\" value=\"mismatch\" checked>"
                + " <label for=\"why-mismatch\">" + Page.escape(texts.get("agent.reject.mismatch")) + "</label></div>"
                + "<div class=\"choice\"><input type=\"radio\" id=\"why-document-missing\" name=\"why\" value=\"document-missing\">"
                + " <label for=\"why-document-missing\">" + Page.escape(texts.get("agent.reject.documentMissing")) + "</label></div>"
                + "</fieldset>");
        page.html("<div class=\"field\"><label for=\"reject-reason\">" + Page.escape(texts.get("agent.reject.reason")) + "</label>"
                + "<textarea id=\"reject-reason\" name=\"reason\" rows=\"3\" maxlength=\"1000\" required></textarea></div>");
        page.html("<button type=\"submit\" id=\"reject-button\" class=\"secondary\">" + Page.escape(texts.get("agent.reject.button"))
                + "</button></fieldset></form>");
    }
}
