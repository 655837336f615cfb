package fr.idnum.enrollment.activation;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import fr.idnum.protocol.enrollment.IdentityAttributes;
import fr.idnum.enrollment.identity.GeographicReference;
import fr.idnum.enrollment.identity.IdentityData;

/**
 * The verified identity handed to Keycloak at activation, already in the FranceConnect+ formats, under the
 * names of the user-profile attributes Keycloak stores them in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityClaims(
        @JsonProperty(IdentityAttributes.GIVEN_NAMES) String givenNames,
        @JsonProperty(IdentityAttributes.BIRTH_FAMILY_NAME) String birthFamilyName,
        @JsonProperty(IdentityAttributes.USAGE_NAME) String usageName,
        String gender,
        String birthdate,
        String birthplace,
        String birthcountry,
        String email) {

    public static IdentityClaims of(IdentityData identity) {
        return new IdentityClaims(
                identity.givenNames,
                identity.birthName,
                identity.usageName,
                identity.gender.name().toLowerCase(Locale.ROOT),
                identity.birthDate.toString(),
                GeographicReference.FRANCE.equals(identity.birthCountry) ? identity.birthPlace : null,
                identity.birthCountry,
                identity.email);
    }
}
