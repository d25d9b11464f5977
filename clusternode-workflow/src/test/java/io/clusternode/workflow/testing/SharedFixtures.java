package io.clusternode.workflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where n8n's reference files are: {@code ../shared/n8n} relative to the repository root, when present. */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    /** The shared n8n folder, or null when it is not there. */
    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/n8n").normalize();
            if (Files.isDirectory(candidate.resolve("deterministic")) && Files.exists(dir.resolve("pom.xml"))
                    && Files.exists(dir.resolve("mvnw"))) {
                return candidate;
            }
        }
        return null;
    }

    public static Path deterministic() {
        Path root = root();
        return root == null ? null : root.resolve("deterministic");
    }

    public static Path workflows() {
        Path root = root();
        return root == null ? null : root.resolve("workflows");
    }
}
