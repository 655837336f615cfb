package fr.idnum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CitizenPoolTest {

    @Test
    void retiresACitizenAfterTheirBudgetAndLendsTheNext() {
        Citizen first = new Citizen("a@example.fr", "1", null, null);
        Citizen second = new Citizen("b@example.fr", "2", null, null);
        CitizenPool pool = new CitizenPool(List.of(first, second), 2);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pool.signIn(c -> {
                used.add(c.username());
                return new Outcome(SignInKind.PUSH, 1, 1, true, null);
            });
        }
        assertEquals(2, used.stream().filter("a@example.fr"::equals).count());
        assertEquals(2, used.stream().filter("b@example.fr"::equals).count());
    }

    @Test
    void enoughCitizensForEveryBrowserAndEverySignInUnderTheLimit() {
        assertEquals(200 + 45, CitizenPool.needed(200, 400, 9));
        assertEquals(50 + 42, CitizenPool.needed(50, 375, 9));
        assertEquals(10, CitizenPool.needed(10, 0, 9));
    }
}
