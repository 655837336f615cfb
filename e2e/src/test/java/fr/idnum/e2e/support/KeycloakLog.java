package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Keycloak's log file of the run ({@link IdnumServerConfig#KEYCLOAK_LOG}, one JSON record per line), read from an
 * offset taken before a test acts, so a test sees only the lines its own requests caused.
 */
public final class KeycloakLog {

    private KeycloakLog() {
    }

    /** Where the log ends now: the offset to read from later. */
    public static long end() {
        try {
            return Files.exists(IdnumServerConfig.KEYCLOAK_LOG) ? Files.size(IdnumServerConfig.KEYCLOAK_LOG) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines written since {@code offset}, split on LF only: a CR or U+2028 inside a record stays in its line. */
    public static List<String> linesSince(long offset) {
        try (RandomAccessFile file = new RandomAccessFile(IdnumServerConfig.KEYCLOAK_LOG.toFile(), "r")) {
            long from = Math.min(offset, file.length());
            file.seek(from);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.readFully(bytes);
            List<String> lines = new ArrayList<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record at ERROR: the JSON log's level, or the level of a log kept in Keycloak's default format. */
    public static boolean isError(String line) {
        return line.contains("\"level\":\"ERROR\"") || line.matches("\\S+ \\S+ ERROR .*");
    }
}
