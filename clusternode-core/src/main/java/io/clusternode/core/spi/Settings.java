package io.clusternode.core.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Named configuration values (API keys, base URLs, connection strings) as factories read them: the process
 * environment, overlaid by a configuration file's values when the CLI or the user supplies one.
 * {@link #toString()} never shows values, since some are secrets.
 */
public final class Settings {

    private static final Settings EMPTY = new Settings(Map.of());

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Settings holding a copy of {@code values}. */
    public static Settings of(Map<String, String> values) {
        return new Settings(Map.copyOf(values));
    }

    /** No settings at all. */
    public static Settings empty() {
        return EMPTY;
    }

    /** The process environment. */
    public static Settings environment() {
        return of(System.getenv());
    }

    /** These settings with {@code overrides} taking precedence. */
    public Settings overriddenBy(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return of(merged);
    }

    /** The value, or empty when it is unset or blank. */
    public Optional<String> get(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The value, or {@code defaultValue} when it is unset or blank. */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    @Override
    public String toString() {
        return "Settings" + values.keySet().stream().sorted().toList();
    }
}
