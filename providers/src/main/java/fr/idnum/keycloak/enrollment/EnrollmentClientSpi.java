package fr.idnum.keycloak.enrollment;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Our own SPI {@code idnum-enrollment}: how Keycloak reaches the enrollment service. */
public class EnrollmentClientSpi implements Spi {

    public static final String NAME = "idnum-enrollment";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return EnrollmentClient.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return EnrollmentClientFactory.class;
    }
}
