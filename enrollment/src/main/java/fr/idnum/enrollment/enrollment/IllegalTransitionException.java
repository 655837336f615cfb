package fr.idnum.enrollment.enrollment;

import fr.idnum.enrollment.problem.DomainException;

/** A move the lifecycle does not allow from the enrollment's current state (HTTP 409). */
public class IllegalTransitionException extends DomainException {

    public IllegalTransitionException(EnrollmentState from, EnrollmentState to) {
        super(409, "illegal-transition", "Transition not allowed",
                "An enrollment in state " + from + " cannot move to " + to + ".");
    }
}
