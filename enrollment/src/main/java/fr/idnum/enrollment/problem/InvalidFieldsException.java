package fr.idnum.enrollment.problem;

import java.util.List;

/** Field-level refusals found by rules Bean Validation cannot express (dates against today, reference data). */
public class InvalidFieldsException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public InvalidFieldsException(List<Problem.FieldError> errors) {
        super(errors.size() + " invalid field(s)");
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
