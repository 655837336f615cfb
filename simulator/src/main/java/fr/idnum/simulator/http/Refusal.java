package fr.idnum.simulator.http;

import java.util.List;

/**
 * A server said no, with a problem document. One base type so a caller (the CLI, a test) can tell "the server
 * refused" from "the server could not be reached" without knowing which API it called.
 */
public class Refusal extends RuntimeException {

    private final Problem problem;

    public Refusal(Problem problem) {
        super(problem.summary());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public String type() {
        return problem.type();
    }

    public String title() {
        return problem.title();
    }

    public String detail() {
        return problem.detail();
    }

    public List<Problem.FieldError> fieldErrors() {
        return problem.errors();
    }
}
