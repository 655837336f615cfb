package fr.idnum.enrollment.support;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Request bodies for starting an enrollment: a valid one, and variations of it with one thing changed. */
public final class Identities {

    private Identities() {
    }

    /** Marie, born in Paris 7e in 1985, French identity card valid for years. */
    public static Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("documentType", "NATIONAL_ID_CARD");
        body.put("documentNumber", "x4rtbpfw4");
        body.put("documentIssueDate", LocalDate.now().minusYears(2).toString());
        body.put("documentExpiryDate", LocalDate.now().plusYears(8).toString());
        body.put("gender", "FEMALE");
        body.put("givenNames", List.of("Marie", "Anne", "Élise"));
        body.put("birthName", "Dupont");
        body.put("usageName", "Martin");
        body.put("birthDate", "1985-04-12");
        body.put("birthCountry", "99100");
        body.put("birthPlace", "75107");
        body.put("nationality", "99100");
        body.put("address", Map.of("line1", "12 rue de Grenelle", "postalCode", "75007", "city", "Paris"));
        body.put("mobilePhone", "06 12 34 56 78");
        body.put("email", "Marie.Dupont@Example.fr");
        return body;
    }

    public static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = valid();
        body.put(field, value);
        return body;
    }
}
