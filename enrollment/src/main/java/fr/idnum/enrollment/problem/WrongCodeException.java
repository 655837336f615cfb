package fr.idnum.enrollment.problem;

/**
 * A wrong code (SMS or activation code) with the tries left before it dies, answered as the problem's
 * {@code attempts_left} member so that a caller (Keycloak, the app) can tell the citizen without parsing text.
 */
public class WrongCodeException extends DomainException {

    private final int attemptsLeft;

    public WrongCodeException(String title, String detail, int attemptsLeft) {
        super(400, "wrong-code", title, detail);
        this.attemptsLeft = attemptsLeft;
    }

    public int attemptsLeft() {
        return attemptsLeft;
    }

    @Override
    public java.util.Map<String, Object> members() {
        return java.util.Map.of("attempts_left", attemptsLeft);
    }
}
