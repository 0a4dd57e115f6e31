package dev.stowage.domain.common;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of results and, when more may follow, the cursor of the next page.
 * An empty {@code next} means this is the last page.
 */
public record Page<T>(List<T> items, Optional<Cursor> next) {
    public Page {
        items = List.copyOf(items);
        Checks.present(next, "next");
    }

    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, Optional.empty());
    }

    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), next);
    }
}
