package fr.idnum.enrollment.problem;

import java.util.List;

import fr.idnum.protocol.ProblemTypes;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail, as every error of this service is answered ({@code application/problem+json}). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = ProblemTypes.MEDIA_TYPE;
    public static final String TYPE_BASE = ProblemTypes.BASE;

    /** One invalid field of a request body: where it is and what rule it breaks. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String type, String title, String detail, String instance) {
        return new Problem(TYPE_BASE + type, title, status, detail, instance, List.of());
    }
}
