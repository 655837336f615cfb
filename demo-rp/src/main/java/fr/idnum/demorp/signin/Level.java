package fr.idnum.demorp.signin;

import java.util.Arrays;
import java.util.Optional;

/** The eIDAS levels as the realm names them in {@code acr}, in their order. */
public enum Level {
    EIDAS1("eidas1"),
    EIDAS2("eidas2"),
    EIDAS3("eidas3");

    private final String acr;

    Level(String acr) {
        this.acr = acr;
    }

    public String acr() {
        return acr;
    }

    /** Empty for anything the realm does not define: an unknown {@code acr} is never a level. */
    public static Optional<Level> ofAcr(String acr) {
        return Arrays.stream(values()).filter(level -> level.acr.equals(acr)).findFirst();
    }

    /** Whether a sign-in at this level is enough for a request of {@code requested}. */
    public boolean satisfies(Level requested) {
        return compareTo(requested) >= 0;
    }
}
