package fr.idnum.enrollment.secret;

import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/** The CSPRNG behind every secret code; tests may replace it to make codes predictable. */
@ApplicationScoped
public class RandomProducer {

    @Produces
    @DefaultBean
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
