package dev.stowage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The shared legacy files ({@code ../shared/fixtures} beside the repository) that importers must
 * take. The originals are read-only: {@link #copy} gives a test its own copy to change.
 *
 * <p>The build passes the folder as the system property {@code stowage.fixtures}; without it the
 * folder is looked for beside the working directory's ancestors.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    /** The path of a fixture, e.g. {@code legacy/queue_state.json}; fails clearly when absent. */
    public static Path path(String relative) {
        Path root = root();
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new IllegalStateException("fixture " + relative + " not found under " + root
                    + " (the shared/ folder must sit beside the repository)");
        }
        return file;
    }

    /** Copies a fixture into {@code dir} and returns the copy. */
    public static Path copy(String relative, Path dir) {
        Path source = path(relative);
        try {
            return Files.copy(source, dir.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's text. */
    public static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        String configured = System.getProperty("stowage.fixtures");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("cannot find shared/fixtures: set -Dstowage.fixtures=<folder>");
    }
}
