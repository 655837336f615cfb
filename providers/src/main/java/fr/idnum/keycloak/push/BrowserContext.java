package fr.idnum.keycloak.push;

import java.util.Locale;

/**
 * What the phone may say of the browser that asked: its family and operating system, read coarsely from the
 * User-Agent. Enough for a citizen to notice "Firefox on Windows" when they are on their phone's Safari;
 * never an address or a precise version (the phone is not a tracking device).
 */
public record BrowserContext(String browser, String operatingSystem) {

    static final String UNKNOWN = "?";

    public static BrowserContext of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new BrowserContext(UNKNOWN, UNKNOWN);
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        return new BrowserContext(browser(ua), operatingSystem(ua));
    }

    private static String browser(String ua) {
        if (ua.contains("edg/")) {
            return "Edge";
        }
        if (ua.contains("firefox/")) {
            return "Firefox";
        }
        if (ua.contains("opr/") || ua.contains("opera")) {
            return "Opera";
        }
        if (ua.contains("samsungbrowser/")) {
            return "Samsung Internet";
        }
        if (ua.contains("chrome/") || ua.contains("chromium/") || ua.contains("crios/")) {
            return "Chrome";
        }
        if (ua.contains("safari/")) {
            return "Safari";
        }
        return UNKNOWN;
    }

    private static String operatingSystem(String ua) {
        if (ua.contains("android")) {
            return "Android";
        }
        if (ua.contains("iphone") || ua.contains("ipad") || ua.contains("ios")) {
            return "iOS";
        }
        if (ua.contains("windows")) {
            return "Windows";
        }
        if (ua.contains("mac os") || ua.contains("macintosh")) {
            return "macOS";
        }
        if (ua.contains("cros")) {
            return "ChromeOS";
        }
        if (ua.contains("linux")) {
            return "Linux";
        }
        return UNKNOWN;
    }
}
