package fr.idnum.bench;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The citizens of one kind, lent to the virtual browsers one sign-in at a time (a citizen never signs in twice at
 * once) and retired after {@code budget} sign-ins: the identifier step refuses an 11th eidas2 request for one
 * identifier within 15 minutes (the server-wide per-identifier limit, which the admin API cannot raise), so the
 * bench spreads its push sign-ins over enough citizens.
 */
final class CitizenPool {

    /** Sign-ins per eidas2 citizen in 15 minutes: under the per-identifier limit of 10. */
    static final int PUSH_BUDGET = 9;

    private record Lent(Citizen citizen, int left) {
    }

    private final LinkedBlockingQueue<Lent> available = new LinkedBlockingQueue<>();

    CitizenPool(List<Citizen> citizens, int budget) {
        citizens.forEach(c -> available.add(new Lent(c, budget)));
    }

    /** How many citizens {@code signIns} sign-ins by {@code concurrency} browsers at once need. */
    static int needed(int concurrency, long signIns, int budget) {
        return (int) Math.max(concurrency, (signIns + budget - 1) / budget + concurrency);
    }

    /** Signs in with the next citizen that has sign-ins left; fails when none is left. */
    Outcome signIn(java.util.function.Function<Citizen, Outcome> signIn) {
        Lent lent;
        try {
            lent = available.poll(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (lent == null) {
            throw new IllegalStateException("every citizen has used up their sign-ins: create more");
        }
        try {
            return signIn.apply(lent.citizen());
        } finally {
            if (lent.left() > 1) {
                available.add(new Lent(lent.citizen(), lent.left() - 1));
            }
        }
    }
}
