package fr.idnum.demorp.site;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fr.idnum.demorp.signin.SignInRefused;
import fr.idnum.demorp.signin.SignInRefused.Reason;

class PagesTest {

    @Test
    void everyRefusalHasAClearTextInBothLanguages() {
        for (String language : new String[] {"fr", "en"}) {
            Texts texts = Texts.of(language);
            for (Reason reason : Reason.values()) {
                String html = Pages.refused(texts, new SignInRefused(reason, "detail for the log")).render();
                assertTrue(html.contains("id=\"refusal-reason\">" + Page.escape(texts.get("refused." + reason.key())) + "<"), html);
                assertFalse(html.contains("detail for the log"), "the log's detail stays off the page");
            }
        }
    }

    @Test
    void aRefusedLevelIsSaidInFrenchByDefault() {
        String html = Pages.refused(Texts.of(null), new SignInRefused(Reason.ACR_TOO_LOW, "acr eidas1")).render();
        assertTrue(html.contains("<html lang=\"fr\">"), html);
        assertTrue(html.contains("Connexion refusée"), html);
        assertTrue(html.contains("inférieur au niveau demandé"), html);
    }

    @Test
    void theProvidersErrorCodeIsShownEscaped() {
        String html = Pages.refused(Texts.of("fr"), SignInRefused.byProvider("<script>", "x")).render();
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void theHomePageLabelsEachLevelAndTheButton() {
        String html = Pages.home(Texts.of("fr"), false, false).render();
        assertTrue(html.contains("<label for=\"level-eidas1\">"), html);
        assertTrue(html.contains("<label for=\"level-eidas2\">"), html);
        assertTrue(html.contains("<legend>Niveau de garantie demandé</legend>"), html);
        assertTrue(html.contains("S&#39;identifier avec l&#39;Identité Numérique"), html);
    }
}
