package fr.idnum.enrollment.identity;

import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The INSEE country codes this service accepts, with their French names, for the phone app's pickers (birth country,
 * nationality): the same table the identity rules check against ({@link InseeCog}), so an app never carries a copy
 * of its own that could fall behind. Public reference data (INSEE publishes it): no token asked, cacheable for a day.
 */
@Path("/api/v1/reference/countries")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class CountryListResource {

    /**
     * One code: INSEE's short name ({@code name}), and whether INSEE still uses it ({@code inUse}: a former state such
     * as 99115 Tchécoslovaquie is a valid birth country, never a nationality).
     */
    public record CountryEntry(String code, String name, boolean inUse) {
    }

    private static final CacheControl ONE_DAY = cacheForOneDay();

    private final List<CountryEntry> countries = sortedByFrenchName(new InseeCog().countries());

    @GET
    @Operation(summary = "Every INSEE country code with its French name, sorted by name (French collation)")
    @APIResponse(responseCode = "200", description = "The list (255 codes in the COG 2025); France is 99100")
    @APIResponse(responseCode = "406", description = "The client accepts no JSON")
    public Response list() {
        return Response.ok(countries).cacheControl(ONE_DAY).build();
    }

    static List<CountryEntry> sortedByFrenchName(List<InseeCog.Country> table) {
        Collator french = Collator.getInstance(Locale.FRENCH);
        return table.stream()
                .map(c -> new CountryEntry(c.code(), c.name(), c.inUse()))
                .sorted(Comparator.comparing(CountryEntry::name, french).thenComparing(CountryEntry::code))
                .toList();
    }

    private static CacheControl cacheForOneDay() {
        CacheControl control = new CacheControl();
        control.setMaxAge(24 * 60 * 60);
        control.setPrivate(false);
        return control;
    }
}
