package dev.stowage.bootstrap.config;

import java.util.List;

/**
 * The configuration cannot be used. Each problem is one line naming the key, the value found and
 * what is allowed, for example {@code stowage.blobs.backend: 'ftp' is not one of [fs, s3]}.
 */
public final class InvalidConfigException extends RuntimeException {
    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems found, one per bad key, in key order. */
    public List<String> problems() {
        return problems;
    }
}
