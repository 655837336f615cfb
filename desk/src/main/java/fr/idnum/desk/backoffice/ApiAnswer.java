package fr.idnum.desk.backoffice;

import java.util.List;
import java.util.Map;

/** What the enrollment service answered a call: its JSON on success, its problem otherwise. */
public sealed interface ApiAnswer<T> {

    record Done<T>(int status, T body) implements ApiAnswer<T> {
    }

    record Refused<T>(ApiProblem problem) implements ApiAnswer<T> {
    }

    /** A JSON object as nimbus parses it. */
    interface Json {
        static String string(Map<String, Object> object, String member) {
            Object value = object.get(member);
            return value == null ? null : String.valueOf(value);
        }

        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> objects(Object array) {
            return array instanceof List<?> list
                    ? list.stream().filter(Map.class::isInstance).map(item -> (Map<String, Object>) item).toList() : List.of();
        }
    }
}
