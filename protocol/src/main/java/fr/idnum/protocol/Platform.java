package fr.idnum.protocol;

import java.util.Locale;
import java.util.Optional;

/** The phone's operating system: it decides how the push is addressed (FCM for both, APNs headers for iOS). */
public enum Platform {
    ANDROID,
    IOS;

    /** As written on the wire: {@code android}, {@code ios}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Platform> fromWire(String value) {
        for (Platform platform : values()) {
            if (platform.wireName().equals(value)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }
}
