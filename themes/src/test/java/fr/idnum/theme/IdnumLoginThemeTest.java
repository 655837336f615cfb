package fr.idnum.theme;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.theme.ClassLoaderTheme;
import org.keycloak.theme.ClasspathThemeProviderFactory;
import org.keycloak.theme.ClasspathThemeProviderFactory.ThemesRepresentation;
import org.keycloak.theme.Theme;
import org.keycloak.util.JsonSerialization;

/**
 * Checks that the {@code idnum} login theme is one Keycloak can load and that its texts are complete.
 * The theme is read with Keycloak's own classpath theme loader, as the server reads a theme jar, and
 * compared with the Keycloak themes it builds on ({@code org.keycloak:keycloak-themes}, test scope).
 */
class IdnumLoginThemeTest {

    private static final String THEME = "idnum";
    private static final String THEME_ROOT = "theme/" + THEME + "/login/";
    private static final Locale FRENCH = Locale.FRENCH;
    private static final Locale ENGLISH = Locale.ENGLISH;

    private static final Pattern TEMPLATE_MESSAGE_KEY =
            Pattern.compile("\\b(?:msg|advancedMsg)\\(\\s*[\"']([A-Za-z0-9_.-]+)[\"']");
    private static final Pattern LONE_STRAIGHT_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

    private static final ClassLoader CLASSPATH = IdnumLoginThemeTest.class.getClassLoader();

    private static Theme theme;
    private static Theme parent;
    private static Theme base;

    @BeforeAll
    static void loadThemes() throws IOException {
        theme = new ClassLoaderTheme(THEME, Theme.Type.LOGIN, CLASSPATH);
        parent = new ClassLoaderTheme("keycloak.v2", Theme.Type.LOGIN, CLASSPATH);
        base = new ClassLoaderTheme("base", Theme.Type.LOGIN, CLASSPATH);
    }

    @Test
    void declaresIdnumAsALoginThemeInKeycloakThemesJson() throws IOException {
        List<String> typesOfIdnum = new ArrayList<>();
        for (URL descriptor : Collections.list(CLASSPATH.getResources(ClasspathThemeProviderFactory.KEYCLOAK_THEMES_JSON))) {
            try (InputStream in = descriptor.openStream()) {
                ThemesRepresentation declared = JsonSerialization.readValue(in, ThemesRepresentation.class);
                Arrays.stream(declared.getThemes())
                        .filter(t -> THEME.equals(t.getName()))
                        .forEach(t -> typesOfIdnum.addAll(Arrays.asList(t.getTypes())));
            }
        }
        assertEquals(List.of("login"), typesOfIdnum, "types declared for theme '" + THEME + "'");
        // The server maps each declared type onto Theme.Type; an unknown one fails the whole jar.
        typesOfIdnum.forEach(type -> Theme.Type.valueOf(type.toUpperCase(Locale.ROOT)));
    }

    @Test
    void extendsKeycloakV2AndOffersFrenchFirst() throws IOException {
        Properties properties = theme.getProperties();
        assertEquals("keycloak.v2", theme.getParentName());
        assertEquals("common/keycloak", theme.getImportName());
        assertEquals(List.of("fr", "en"), listOf(properties.getProperty("locales"), ","));
    }

    @Test
    void keepsTheParentStylesheetsAndAddsOursLast() throws IOException {
        List<String> parentStyles = listOf(parent.getProperties().getProperty("styles"), "\\s+");
        List<String> styles = listOf(theme.getProperties().getProperty("styles"), "\\s+");

        assertTrue(!parentStyles.isEmpty(), "keycloak.v2 no longer declares 'styles'; re-check our theme.properties");
        assertEquals(parentStyles, styles.subList(0, Math.min(parentStyles.size(), styles.size())),
                "our styles must start with keycloak.v2's, or its look is lost");
        assertEquals("css/idnum.css", styles.get(styles.size() - 1));
        for (String style : styles) {
            assertTrue(exists(theme, style) || exists(parent, style), "no theme in the chain serves " + style);
        }
    }

    @Test
    void bundlesAreUtf8() throws IOException {
        for (Locale locale : List.of(FRENCH, ENGLISH)) {
            String bundle = THEME_ROOT + "messages/messages_" + locale.getLanguage() + ".properties";
            try (InputStream in = CLASSPATH.getResourceAsStream(bundle)) {
                assertNotNull(in, bundle);
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(in.readAllBytes()));
            } catch (CharacterCodingException e) {
                fail(bundle + " is not UTF-8 (Keycloak would fall back to ISO-8859-1 and garble the accents)");
            }
        }
    }

    @Test
    void frenchAndEnglishBundlesHaveTheSameKeys() throws IOException {
        Set<String> french = keys(messages(FRENCH));
        Set<String> english = keys(messages(ENGLISH));
        assertAll(
                () -> assertEquals(Set.of(), difference(french, english), "in French only"),
                () -> assertEquals(Set.of(), difference(english, french), "in English only"));
    }

    @Test
    void noFrenchMessageIsEmpty() throws IOException {
        Properties french = messages(FRENCH);
        Set<String> empty = keys(french).stream()
                .filter(key -> french.getProperty(key).isBlank())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(!french.isEmpty(), "no French messages found");
        assertEquals(Set.of(), empty, "empty French messages");
    }

    /**
     * The texts of our authenticators' pages ship with them in the providers jar (theme-resources); a copy
     * here would silently win over theirs whenever this theme is active.
     */
    @Test
    void leavesTheTextsOfOurAuthenticatorPagesToTheirProviders() throws IOException {
        for (Locale locale : List.of(FRENCH, ENGLISH)) {
            Set<String> ours = new TreeSet<>(keys(messages(locale)));
            ours.removeIf(key -> !key.startsWith("idnum"));
            assertEquals(Set.of(), ours, "idnum* keys belong to providers/src/main/resources/theme-resources");
        }
    }

    @Test
    void overridesOnlyKeysKeycloakKnowsOrOurOwn() throws IOException, URISyntaxException {
        // Keycloak's keys: those of its base bundle and those its login templates read (some, such as
        // "languages", are read by keycloak.v2's template.ftl but defined in no login bundle); and the keys our
        // own templates (footer.ftl) read.
        Set<String> keycloakKeys = keys(base.getMessages(ENGLISH));
        for (String root : List.of("theme/base/login/", "theme/keycloak.v2/login/", THEME_ROOT)) {
            for (String template : templatesUnder(root)) {
                keycloakKeys.addAll(messageKeysUsedIn(template));
            }
        }
        Set<String> strays = keys(messages(FRENCH)).stream()
                .filter(key -> !key.startsWith("idnum") && !keycloakKeys.contains(key))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), strays, "not Keycloak message keys (misspelt override?)");
    }

    @Test
    void unknownIdentifierGetsTheSameWordsAsAWrongOne() throws IOException {
        for (Locale locale : List.of(FRENCH, ENGLISH)) {
            Properties m = messages(locale);
            String invalidUser = m.getProperty("invalidUserMessage");
            assertNotNull(invalidUser, "invalidUserMessage in " + locale);
            assertEquals(invalidUser, m.getProperty("invalidUsernameMessage"), "invalidUsernameMessage in " + locale);
            assertEquals(invalidUser, m.getProperty("invalidUsernameOrEmailMessage"), "invalidUsernameOrEmailMessage in " + locale);
        }
    }

    @Test
    void messagesSurviveMessageFormat() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Locale locale : List.of(FRENCH, ENGLISH)) {
            Properties m = messages(locale);
            for (String key : keys(m)) {
                String value = m.getProperty(key);
                if (LONE_STRAIGHT_APOSTROPHE.matcher(value).find()) {
                    problems.add(locale + "/" + key + ": straight apostrophe, write ’ or ''");
                }
                try {
                    new java.text.MessageFormat(value, locale);
                } catch (IllegalArgumentException e) {
                    problems.add(locale + "/" + key + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyKeyOurTemplatesUseIsDefined() throws IOException, URISyntaxException {
        // A template may also use Keycloak's own keys: they are inherited from base and keycloak.v2.
        Set<String> defined = keys(base.getMessages(ENGLISH));
        defined.addAll(keys(parent.getMessages(ENGLISH)));
        defined.addAll(keys(messages(FRENCH)));

        Set<String> missing = new TreeSet<>();
        for (String template : templatesUnder(THEME_ROOT)) {
            missing.addAll(difference(messageKeysUsedIn(template), defined));
        }
        assertEquals(Set.of(), missing, "message keys used by our templates but defined nowhere");
    }

    @Test
    void findsMessageKeysInTemplateSyntax() {
        String template = "<h1>${msg(\"idnumNoDeviceTitle\")}</h1> ${kcSanitize(msg('errorTitle'))?no_esc}"
                + " ${advancedMsg(\"idnumHelpNoPhone\")} ${msg(\"loginTitle\", realm.displayName)}";
        assertEquals(Set.of("idnumNoDeviceTitle", "errorTitle", "idnumHelpNoPhone", "loginTitle"),
                messageKeysUsedIn(template));
    }

    static Set<String> messageKeysUsedIn(String template) {
        Set<String> keys = new TreeSet<>();
        Matcher matcher = TEMPLATE_MESSAGE_KEY.matcher(template);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    /** The text of every FreeMarker template under a theme folder, whether on disk or inside a jar. */
    private static List<String> templatesUnder(String loginRoot) throws IOException, URISyntaxException {
        URL properties = CLASSPATH.getResource(loginRoot + "theme.properties");
        assertNotNull(properties, loginRoot + "theme.properties not on the test classpath");
        URI uri = properties.toURI();
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return readTemplates(jar.provider().getPath(uri).getParent());
            }
        }
        return readTemplates(Path.of(uri).getParent());
    }

    private static List<String> readTemplates(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            List<String> templates = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".ftl")).sorted().toList()) {
                templates.add(Files.readString(file));
            }
            return templates;
        }
    }

    private static Properties messages(Locale locale) throws IOException {
        return theme.getMessages(locale);
    }

    private static boolean exists(Theme owner, String resource) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            return in != null;
        }
    }

    private static Set<String> keys(Properties properties) {
        return new TreeSet<>(properties.stringPropertyNames());
    }

    private static Set<String> difference(Set<String> left, Set<String> right) {
        Set<String> result = new TreeSet<>(left);
        result.removeAll(right);
        return result;
    }

    private static List<String> listOf(String value, String separator) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.trim().split(separator)).map(String::trim).toList();
    }
}
