package dev.stowage.domain.backup;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.util.Objects;

/**
 * One file in a backup archive. Paths are relative, slash-separated, and may not climb out of the
 * archive: no leading slash, no {@code .} or {@code ..} segment, no backslash, no NUL.
 */
public record ManifestEntry(String path, long size, Sha256 sha256) {
    public ManifestEntry {
        Checks.text(path, "archive entry path", 1024);
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.endsWith("/")) {
            throw new InvalidInputException("archive entry path '" + Checks.printable(path) + "' must be relative");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new InvalidInputException("archive entry path '" + Checks.printable(path) + "' has an empty, '.' or '..' segment");
            }
        }
        if (size < 0) {
            throw new InvalidInputException("archive entry size must not be negative");
        }
        Objects.requireNonNull(sha256, "sha256");
    }
}
