package dev.stowage.bootstrap.cli;

import picocli.CommandLine.Mixin;

/** A data command that lists one page at a time: it takes {@code --limit}, {@code --cursor} and {@code --json}. */
abstract class PagedCommand extends ToolCommand {

    @Mixin
    PageOptions paging;

    @Override
    void checkUsage() {
        paging.problem().ifPresent(p -> {
            throw usage(p);
        });
    }
}
