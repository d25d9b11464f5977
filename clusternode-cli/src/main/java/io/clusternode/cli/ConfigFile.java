package io.clusternode.cli;

import io.clusternode.core.spi.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the optional configuration file, a Java {@code .properties} file whose keys are the names of the
 * environment variables (so one vocabulary serves both), and layers the environment over it: a value set
 * in the environment wins over the file, and a command-line flag wins over both (the commands apply that).
 */
final class ConfigFile {

    /** The file read when no {@code --config} is given, relative to the home directory. */
    static final Path DEFAULT_RELATIVE = Path.of(".clusternode", "config.properties");

    /** The default model when neither flag, environment nor file names one. */
    static final String MODEL_KEY = "CLUSTERNODE_MODEL";
    /** The default memory when neither flag, environment nor file names one. */
    static final String MEMORY_KEY = "CLUSTERNODE_MEMORY";

    private ConfigFile() {
    }

    /**
     * The settings the commands use.
     *
     * @param explicit the {@code --config} file, or null for the default file if it exists
     * @throws MissingConfigException when an explicit file does not exist or cannot be read
     */
    static Settings settings(Path explicit, CliEnvironment environment) {
        Map<String, String> fileValues = Map.of();
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new MissingConfigException("configuration file '" + explicit + "' does not exist");
            }
            fileValues = read(explicit);
        } else {
            Path fallback = environment.home().resolve(DEFAULT_RELATIVE);
            if (Files.isRegularFile(fallback)) {
                fileValues = read(fallback);
            }
        }
        // A variable exported as empty should not hide the file's value.
        Map<String, String> env = new HashMap<>();
        environment.env().forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                env.put(key, value);
            }
        });
        return Settings.of(fileValues).overriddenBy(env);
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            // The message names the file only: the content may hold API keys.
            throw new MissingConfigException("cannot read configuration file '" + file + "': "
                    + e.getClass().getSimpleName());
        }
        Map<String, String> values = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key.strip(), properties.getProperty(key).strip());
        }
        return values;
    }

    /** A configuration file the user named cannot be used: a usage error (exit code 2). */
    static final class MissingConfigException extends RuntimeException {
        MissingConfigException(String message) {
            super(message);
        }
    }
}
