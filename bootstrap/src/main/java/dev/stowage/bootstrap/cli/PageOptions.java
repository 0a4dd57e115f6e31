package dev.stowage.bootstrap.cli;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.PageRequest;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of every listing command: page size, where to continue, and JSON output. */
final class PageOptions {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "At most N items (1-1000, default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue after the page that printed this cursor.")
    Cursor cursor;

    @Option(names = "--json", description = "Print {\"items\":[...],\"next\":cursor-or-null}.")
    boolean json;

    /** The limit's range, checked before anything is opened; empty when fine. */
    Optional<String> problem() {
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            return Optional.of("--limit must be between 1 and " + PageRequest.MAX_LIMIT + ", got " + limit);
        }
        return Optional.empty();
    }

    PageRequest request() {
        return new PageRequest(limit, Optional.ofNullable(cursor));
    }
}
