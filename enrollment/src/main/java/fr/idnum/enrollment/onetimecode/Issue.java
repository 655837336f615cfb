package fr.idnum.enrollment.onetimecode;

import java.time.Duration;

/**
 * A new one-time code to send, or why none may be sent now. {@code T} is what the sending needs (the number and the
 * code, or how an activation code travels).
 */
public sealed interface Issue<T> {

    record Send<T>(T message) implements Issue<T> {
    }

    /** The previous code went out less than the cooldown ago. */
    record TooSoon<T>(Duration retryAfter) implements Issue<T> {
    }

    /** The enrollment had all the codes it may have. */
    record NoMoreSends<T>() implements Issue<T> {
    }
}
