package fr.idnum.enrollment.audit;

/** Who made a change: the subject of the caller's token (or the service itself) and in which role. */
public record Actor(String id, String role) {

    public static final String CITIZEN = "citizen";
    public static final String AGENT = "identity-verifier";
    public static final String ADMIN = "enrollment-admin";
    public static final String SYSTEM = "system";

    public static Actor citizen(String subject) {
        return new Actor(subject, CITIZEN);
    }

    public static Actor system(String component) {
        return new Actor(component, SYSTEM);
    }
}
