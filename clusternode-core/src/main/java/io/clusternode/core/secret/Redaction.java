package io.clusternode.core.secret;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one redaction rule for everything ClusterNode prints: messages, banners, log lines and
 * {@code toString()}. URLs and memory specifications lose the password of their user info and the values of
 * their query parameters (except a few known to be harmless, such as {@code max} or {@code ttl}); free text
 * has every URL inside it redacted that way and is cut to one bounded line, so a driver's message can neither
 * leak a password nor paste a megabyte of user data into an error.
 */
public final class Redaction {

    /** What replaces a hidden value. */
    public static final String MASK = "***";

    /** Longest text {@link #line(String)} returns. */
    public static final int MAX_LINE = 300;

    /**
     * Query parameters whose values say how to connect, never who: shown as they are. Every other
     * parameter's value is masked, since drivers accept passwords, tokens and keys under many names.
     */
    private static final Set<String> HARMLESS_PARAMETERS = Set.of("max", "ttl", "pool", "prefix", "sslmode", "ssl",
            "user", "username", "database", "db", "currentschema", "applicationname", "connecttimeout",
            "sockettimeout", "logintimeout", "timeout");

    /** A scheme followed by {@code //}, e.g. {@code redis://}, {@code jdbc:postgresql://}, {@code https://}. */
    private static final Pattern URL = Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^\\s\"'<>]*");

    private Redaction() {
    }

    /**
     * A URL or memory specification fit to print: {@code postgresql://bob:pw@db/x?password=pw&max=5} becomes
     * {@code postgresql://bob:***@db/x?password=***&max=5}. Never throws; null stays null.
     */
    public static @Nullable String url(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String result = value;
        int scheme = result.indexOf("://");
        if (scheme >= 0) {
            int authorityStart = scheme + 3;
            int authorityEnd = firstOf(result, authorityStart, "/?#");
            int at = result.lastIndexOf('@', authorityEnd - 1);
            if (at >= authorityStart) {
                String userInfo = result.substring(authorityStart, at);
                int colon = userInfo.indexOf(':');
                String shown = colon >= 0 ? userInfo.substring(0, colon + 1) + MASK : userInfo;
                result = result.substring(0, authorityStart) + shown + result.substring(at);
            }
        }
        int query = result.indexOf('?');
        if (query < 0) {
            return result;
        }
        int fragment = result.indexOf('#', query);
        String tail = fragment < 0 ? "" : result.substring(fragment);
        String[] pairs = result.substring(query + 1, fragment < 0 ? result.length() : fragment).split("&", -1);
        StringBuilder out = new StringBuilder(result.length()).append(result, 0, query + 1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            if (eq < 0) {
                out.append(pair);
            } else {
                String key = pair.substring(0, eq);
                boolean harmless = HARMLESS_PARAMETERS.contains(key.toLowerCase(Locale.ROOT));
                out.append(key).append('=').append(harmless ? pair.substring(eq + 1) : MASK);
            }
        }
        return out.append(tail).toString();
    }

    /**
     * Free text (an exception message, a driver's error) fit for one line of output: every URL in it redacted
     * as {@link #url} does, line breaks folded into spaces, and cut to {@value #MAX_LINE} characters. Null gives
     * an empty line.
     */
    public static String line(@Nullable String text) {
        return line(text, MAX_LINE);
    }

    /** As {@link #line(String)}, cut to {@code maxLength} characters (an ellipsis marks the cut). */
    public static String line(@Nullable String text, int maxLength) {
        if (text == null) {
            return "";
        }
        Matcher matcher = URL.matcher(text);
        StringBuilder redacted = new StringBuilder(Math.min(text.length(), maxLength + 64));
        int last = 0;
        while (matcher.find()) {
            redacted.append(text, last, matcher.start()).append(url(matcher.group()));
            last = matcher.end();
            if (redacted.length() > maxLength) {
                break;
            }
        }
        if (redacted.length() <= maxLength) {
            redacted.append(text, last, Math.min(text.length(), last + maxLength + 1));
        }
        String oneLine = redacted.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return oneLine.length() <= maxLength ? oneLine : oneLine.substring(0, Math.max(0, maxLength - 1)) + "…";
    }

    private static int firstOf(String text, int from, String characters) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
