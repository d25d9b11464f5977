package io.clusternode.cli;

import io.clusternode.core.spi.Settings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads the optional configuration file, a Java {@code .properties} file whose keys are the names of the
 * environment variables (so one vocabulary serves both), and layers the environment over it: a value set
 * in the environment wins over the file, and a command-line flag wins over both (the commands apply that).
 * Each setting is a line {@code NAME=VALUE} (or {@code NAME: VALUE}); blank lines and lines starting with
 * {@code #} or {@code !} are comments; an empty value counts as not set, as an empty environment variable
 * does. A line that is none of these, or a name set twice, makes the file unusable, and the message names
 * the line and the reason (never the line's text: it may hold a key).
 */
final class ConfigFile {

    /** The file read when no {@code --config} is given, relative to the home directory. */
    static final Path DEFAULT_RELATIVE = Path.of(".clusternode", "config.properties");

    /** The default model when neither flag, environment nor file names one. */
    static final String MODEL_KEY = "CLUSTERNODE_MODEL";
    /** The default memory when neither flag, environment nor file names one. */
    static final String MEMORY_KEY = "CLUSTERNODE_MEMORY";

    /** A setting line: a name made of letters, digits, underscores and dots, then {@code =} or {@code :}. */
    private static final Pattern SETTING = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*\\s*[=:].*");
    /** A name at the start of a setting line. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.]*");
    /** A backslash-u escape without four hexadecimal digits after it (Properties rejects the whole file). */
    private static final Pattern BAD_UNICODE_ESCAPE = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u(?![0-9A-Fa-f]{4})");

    private ConfigFile() {
    }

    /**
     * The settings the commands use.
     *
     * @param explicit the {@code --config} file, or null for the default file if it exists
     * @throws ConfigFileException when an explicit file does not exist or is not a readable regular file, or
     *                             when either file is malformed
     */
    static Settings settings(Path explicit, CliEnvironment environment) {
        Map<String, String> fileValues = Map.of();
        if (explicit != null) {
            requireUsable(explicit);
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

    /** Says what the path is when it is not a file the CLI can read. */
    private static void requireUsable(Path file) {
        String name = "configuration file '" + file + "'";
        if (!Files.exists(file)) {
            throw new ConfigFileException(name + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ConfigFileException(name + " is a directory; name the .properties file inside it");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigFileException(name + " is not a regular file (a device, pipe or socket);"
                    + " name a .properties file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigFileException(name + " cannot be read (permission denied)");
        }
    }

    private static Map<String, String> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigFileException("configuration file '" + file + "' is not UTF-8 text");
        } catch (IOException e) {
            // The message names the file only: the content may hold API keys.
            throw new ConfigFileException("cannot read configuration file '" + file + "': "
                    + e.getClass().getSimpleName());
        }
        validate(file, text.lines().toList());
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigFileException("configuration file '" + file + "' cannot be read as properties");
        }
        Map<String, String> values = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            if (!value.isEmpty()) {
                values.put(key.strip(), value);
            }
        }
        return values;
    }

    /** Checks every logical line; the first bad one is reported by number and reason. */
    private static void validate(Path file, List<String> lines) {
        Map<String, Integer> seen = new HashMap<>();
        boolean continued = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            int number = i + 1;
            boolean continuation = continued;
            continued = !stripped.isEmpty() && endsWithOddBackslashes(line)
                    && !(isComment(stripped) && !continuation);
            if (BAD_UNICODE_ESCAPE.matcher(line).find() && !(isComment(stripped) && !continuation)) {
                throw malformed(file, number, "a backslash-u escape needs four hexadecimal digits");
            }
            if (continuation || stripped.isEmpty() || isComment(stripped)) {
                continue;
            }
            if (!SETTING.matcher(stripped).matches()) {
                throw malformed(file, number, "expected NAME=VALUE, with a NAME of letters, digits and underscores");
            }
            var name = NAME.matcher(stripped);
            name.find();
            Integer first = seen.putIfAbsent(name.group(), number);
            if (first != null) {
                throw malformed(file, number, name.group() + " is already set on line " + first);
            }
        }
    }

    private static boolean isComment(String stripped) {
        return stripped.startsWith("#") || stripped.startsWith("!");
    }

    private static boolean endsWithOddBackslashes(String line) {
        int count = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }

    private static ConfigFileException malformed(Path file, int line, String reason) {
        return new ConfigFileException("configuration file '" + file + "' line " + line + ": " + reason);
    }

    /** A configuration file cannot be used: a usage error (exit code 2). */
    static final class ConfigFileException extends RuntimeException {
        ConfigFileException(String message) {
            super(message);
        }
    }
}
