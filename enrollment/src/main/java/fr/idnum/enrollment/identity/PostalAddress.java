package fr.idnum.enrollment.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A postal address in France (metropolitan, Corsica and overseas departments). */
public record PostalAddress(
        @NotBlank @Size(max = 256) String line1,
        @Size(max = 256) String line2,
        @Schema(example = "75007")
        @NotBlank @Pattern(regexp = "^(?:0[1-9]|[1-8][0-9]|9[0-7])[0-9]{3}$", message = "must be a French postal code (5 digits)")
        String postalCode,
        @NotBlank @Size(max = 128) String city) {
}
