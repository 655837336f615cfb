package fr.idnum.enrollment.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * The INSEE official geographic code (COG) shipped with the service: commune codes (current ones, delegated and
 * associated communes, the municipal arrondissements of Paris, Lyon and Marseille, and communes that no longer
 * exist since 1943) and country codes ({@code 99} and 3 digits, France is {@value #FRANCE}).
 *
 * <p>Both tables are read from the class path ({@value #COMMUNES_RESOURCE}, {@value #COUNTRIES_RESOURCE}; a
 * {@code .gz} variant is accepted too) the first time they are needed, once, into immutable maps: the class is
 * safe to share between threads. Codes are compared exactly as INSEE writes them (upper-case {@code 2A}/{@code 2B},
 * no spaces): normalising what a citizen typed is the caller's job. Where the data comes from and what it lacks is
 * described in {@code docs/reference-data.md}.
 */
public class InseeCog implements GeographicReference {

    public static final String FRANCE = "99100";

    static final String COMMUNES_RESOURCE = "/reference/cog-communes.csv";
    static final String COUNTRIES_RESOURCE = "/reference/cog-countries.csv";

    /** One code of the communes table. */
    public record Commune(String code, String name, String type, boolean current) {
    }

    /**
     * One code of the countries table: INSEE's short and official names, the state a territory belongs to, the
     * period of its latest name ({@code validTo} empty: INSEE still uses the code; a code may be older than
     * {@code validFrom} under another name), and its ISO 3166-1 codes where one exists.
     */
    public record Country(String code, String name, String officialName, Optional<String> parentCode, LocalDate validFrom,
                          Optional<LocalDate> validTo, Optional<String> iso2, Optional<String> iso3) {

        /** Whether INSEE still uses the code (a state or territory of today, not e.g. 99115 Tchécoslovaquie). */
        public boolean inUse() {
            return validTo.isEmpty();
        }
    }

    /** Loaded by the JVM on first use of {@link #COMMUNES}: lazy and thread-safe (initialisation-on-demand holder). */
    private static final class Communes {
        static final Map<String, Commune> COMMUNES = load(COMMUNES_RESOURCE, List.of("code", "name", "type", "current"),
                f -> new Commune(f.get(0), f.get(1), f.get(2), Boolean.parseBoolean(f.get(3))), Commune::code);
    }

    private static final class Countries {
        static final Map<String, Country> COUNTRIES = load(COUNTRIES_RESOURCE,
                List.of("code", "name", "official_name", "parent_code", "valid_from", "valid_to", "iso2", "iso3"),
                f -> new Country(f.get(0), f.get(1), f.get(2), optional(f.get(3)), LocalDate.parse(f.get(4)),
                        optional(f.get(5)).map(LocalDate::parse), optional(f.get(6)), optional(f.get(7))),
                Country::code);

        private static Optional<String> optional(String field) {
            return field.isEmpty() ? Optional.empty() : Optional.of(field);
        }
    }

    @Override
    public boolean isKnownCommune(String code) {
        return code != null && Communes.COMMUNES.containsKey(code);
    }

    /** The commune's name (its last name for a commune that no longer exists). */
    public Optional<String> communeName(String code) {
        return commune(code).map(Commune::name);
    }

    public Optional<Commune> commune(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(Communes.COMMUNES.get(code));
    }

    @Override
    public boolean isKnownCountry(String code) {
        return code != null && Countries.COUNTRIES.containsKey(code);
    }

    @Override
    public boolean isCountryInUse(String code) {
        return country(code).map(Country::inUse).orElse(false);
    }

    public Optional<String> countryName(String code) {
        return country(code).map(Country::name);
    }

    public Optional<Country> country(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(Countries.COUNTRIES.get(code));
    }

    /** Number of codes in each table, for health checks and logs. */
    public int communeCount() {
        return Communes.COMMUNES.size();
    }

    public int countryCount() {
        return Countries.COUNTRIES.size();
    }

    /** Every country code, sorted by code (for a picker: filter on {@link Country#inUse()} for a nationality). */
    public List<Country> countries() {
        return Countries.COUNTRIES.values().stream().sorted(java.util.Comparator.comparing(Country::code)).toList();
    }

    private static <T> Map<String, T> load(String resource, List<String> header, Function<List<String>, T> row,
            Function<T, String> key) {
        try (InputStream in = open(resource);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> first = parse(reader.readLine(), resource, 1);
            if (!first.equals(header)) {
                throw new IllegalStateException(resource + ": expected the header " + header + " but found " + first);
            }
            Map<String, T> map = new HashMap<>();
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> fields = parse(line, resource, number);
                if (fields.size() != header.size()) {
                    throw new IllegalStateException(resource + ":" + number + ": expected " + header.size()
                            + " fields but found " + fields.size());
                }
                T value = row.apply(fields);
                if (map.put(key.apply(value), value) != null) {
                    throw new IllegalStateException(resource + ":" + number + ": duplicate code " + key.apply(value));
                }
            }
            return Map.copyOf(map);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream plain = InseeCog.class.getResourceAsStream(resource);
        if (plain != null) {
            return plain;
        }
        InputStream gzipped = InseeCog.class.getResourceAsStream(resource + ".gz");
        if (gzipped != null) {
            return new GZIPInputStream(gzipped);
        }
        throw new IllegalStateException("missing class path resource " + resource + " (or " + resource + ".gz)");
    }

    /** One line of RFC 4180 CSV (fields may be quoted, {@code ""} is a quote inside a quoted field). */
    static List<String> parse(String line, String resource, int number) {
        if (line == null) {
            throw new IllegalStateException(resource + ": empty file");
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalStateException(resource + ":" + number + ": unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }
}
