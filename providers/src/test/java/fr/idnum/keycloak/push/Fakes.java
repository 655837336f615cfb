package fr.idnum.keycloak.push;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Stand-ins for the few methods of Keycloak's model interfaces a unit under test calls: each answer is given by
 * method name; any other call fails the test, so that a stand-in never answers what it was not told to.
 */
public final class Fakes {

    public interface Answer {
        Object answer(Object[] args) throws Throwable;
    }

    private Fakes() {
    }

    public static <T> T of(Class<T> type, Map<String, Answer> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Answer answer = answers.get(method.getName());
            if (answer == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName() + " is not faked");
            }
            return answer.answer(args);
        }));
    }
}
