package fr.idnum.desk.site;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void whatTheServiceReturnsIsEscaped() {
        Page page = new Page(Texts.french(), "agent.title", "token", null);
        String html = AgentPages.found(page, List.of(Map.of("id", "e1", "birthName", "<script>alert(1)</script>"))).render();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("<html lang=\"fr\">"));
    }

    @Test
    void everyFormCarriesTheCsrfToken() {
        String html = AgentPages.found(AgentPages.search(new Page(Texts.french(), "agent.title", "tok3n", null), null),
                List.of(Map.of("id", "e1"))).render();
        int forms = html.split("<form ", -1).length - 1;
        int tokens = html.split("name=\"csrf\" value=\"tok3n\"", -1).length - 1;
        assertTrue(forms == 3 && tokens == 3, forms + " forms, " + tokens + " tokens");
    }

    @Test
    void noFormWithoutASession() {
        assertThrows(IllegalStateException.class, () -> new Page(Texts.french(), "agent.title", null, null).csrfField());
    }
}
