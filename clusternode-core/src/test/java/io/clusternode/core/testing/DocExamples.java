package io.clusternode.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps documentation examples and tested code from drifting apart. A test class marks each example it runs
 * with {@code // BEGIN name} and {@code // END name}; the page shows the same text (indentation aside) in the
 * {@code java} block right after the line {@code <!-- tested: name -->}. Used by every module whose tests own
 * a page's examples (the README's library examples, the tools page).
 */
public final class DocExamples {

    private static final Pattern REGION = Pattern.compile("// BEGIN (\\w+)\\R(.*?)\\R\\s*// END \\1", Pattern.DOTALL);

    private DocExamples() {
    }

    /**
     * The marked regions of a test source, by name, in source order, with the common indentation removed.
     *
     * @throws IOException when the source cannot be read
     */
    public static Map<String, String> regions(Path testSource) throws IOException {
        Matcher region = REGION.matcher(Files.readString(testSource, StandardCharsets.UTF_8));
        Map<String, String> regions = new LinkedHashMap<>();
        while (region.find()) {
            regions.put(region.group(1), region.group(2).stripIndent().strip());
        }
        return regions;
    }

    /**
     * The {@code java} block after {@code <!-- tested: name -->} on a page; fails the test when there is none.
     *
     * @param page     the page's text
     * @param pageName the page's name, for the failure message
     */
    public static String block(String page, String pageName, String name) {
        Matcher block = Pattern.compile("<!-- tested: " + Pattern.quote(name) + " -->\\R```java\\R(.*?)\\R```",
                Pattern.DOTALL).matcher(page);
        assertThat(block.find()).as(pageName + " has a java block marked <!-- tested: " + name + " -->").isTrue();
        return block.group(1).strip();
    }

    /**
     * Requires the page to show exactly each marked region of the test source, and the source to mark
     * exactly {@code expected} regions (so a marker lost in an edit is noticed).
     *
     * @throws IOException when a file cannot be read
     */
    public static void assertPageShowsRegions(Path testSource, Path page, int expected) throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        String pageName = page.getFileName().toString();
        Map<String, String> regions = regions(testSource);
        regions.forEach((name, tested) ->
                assertThat(block(text, pageName, name)).as(pageName + " example '" + name + "'").isEqualTo(tested));
        assertThat(regions).as("examples marked in " + testSource.getFileName()).hasSize(expected);
    }
}
