package dev.stowage.application.port.in.legacy;

/** Told of an import's progress after each entry, for progress bars. */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (done, total) -> { };

    void update(int done, int total);
}
