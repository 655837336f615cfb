package fr.idnum.keycloak.enrollment;

import org.keycloak.provider.ProviderFactory;

/** Factories of {@link EnrollmentClient}. */
public interface EnrollmentClientFactory extends ProviderFactory<EnrollmentClient> {
}
