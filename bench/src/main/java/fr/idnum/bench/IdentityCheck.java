package fr.idnum.bench;

/**
 * The remote identity check a bench citizen passes during the enrollment: the verification provider's verdict,
 * which only a party holding a key the enrollment service trusts can give (the run command's demo provider key,
 * the end-to-end tests' provider).
 */
@FunctionalInterface
public interface IdentityCheck {

    /** Tells the enrollment service this enrollment's citizen was verified; fails when it refuses. */
    void verified(String enrollmentId);
}
