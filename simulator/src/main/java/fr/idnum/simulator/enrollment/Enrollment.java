package fr.idnum.simulator.enrollment;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The citizen's enrollment as the service shows it ({@code EnrollmentView}): the fields the app acts on, typed,
 * and the whole JSON for anything else.
 */
public record Enrollment(String id, String state, String verificationMode, String mobilePhone, Map<String, Object> json) {

    public Enrollment {
        json = Map.copyOf(json.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    static Enrollment of(Map<String, Object> json) {
        return new Enrollment(text(json, "id"), text(json, "state"), text(json, "verificationMode"), text(json, "mobilePhone"), json);
    }

    public Optional<LocalDate> postmanVisitDate() {
        return Optional.ofNullable(json.get("postmanVisitDate")).map(Object::toString).map(LocalDate::parse);
    }

    public Object get(String field) {
        return json.get(field);
    }

    private static String text(Map<String, Object> json, String name) {
        Object value = json.get(name);
        return value == null ? null : value.toString();
    }
}
