package fr.idnum.enrollment.enrollment;

/** How the citizen's identity document will be checked (seeds: postman, post office, online). */
public enum VerificationMode {
    /** The postman checks the document at a French home address, on a date the citizen chooses. */
    POSTMAN,
    /** A clerk checks it in a participating post office, without appointment. */
    POST_OFFICE,
    /** A remote provider checks a video of the citizen with the document. */
    REMOTE
}
