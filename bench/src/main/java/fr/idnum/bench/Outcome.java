package fr.idnum.bench;

/**
 * How one sign-in went: from the authorization request to a validated ID token ({@code nanos}); for a push, from
 * the phone sending its approval to the browser holding the redirect with the code ({@code approvalToArrivalNanos},
 * -1 otherwise), whether the push reached the phone's channel ({@code pushDelivered}) and how long after the
 * waiting page arrived (the challenge committed) the phone saw it ({@code pushNanos}, -1 when it did not).
 */
public record Outcome(SignInKind kind, long nanos, long approvalToArrivalNanos, boolean pushDelivered, long pushNanos,
                      ApprovalPhases phases, String error) {

    /**
     * Where the time from approval to relying party goes, for a push (each from the phone sending its approval, ns):
     * the phone's approval request answered ({@code approved}), the waiting page's held status request answered
     * ({@code browserKnows}, -1 when the page had no script to ask), the browser holding the code ({@code arrived}).
     */
    public record ApprovalPhases(long approved, long browserKnows, long arrived) {
    }

    public Outcome(SignInKind kind, long nanos, long approvalToArrivalNanos, boolean pushDelivered, long pushNanos, String error) {
        this(kind, nanos, approvalToArrivalNanos, pushDelivered, pushNanos, null, error);
    }

    public Outcome(SignInKind kind, long nanos, long approvalToArrivalNanos, boolean pushDelivered, String error) {
        this(kind, nanos, approvalToArrivalNanos, pushDelivered, -1, error);
    }

    public static Outcome failed(SignInKind kind, long nanos, boolean pushDelivered, String error) {
        return new Outcome(kind, nanos, -1, pushDelivered, error);
    }

    public boolean ok() {
        return error == null;
    }
}
