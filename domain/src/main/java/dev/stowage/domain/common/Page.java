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

    /**
     * The page a keyset listing read as {@code rows}: up to {@code limit + 1} rows, the one past the
     * limit read only to learn whether another page follows. When it came, the page keeps the first
     * {@code limit} rows and its next cursor is {@code cursorOf} the last row kept; otherwise the
     * rows are the last page.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    public static <T> Page<T> fromReadAhead(List<T> rows, int limit, Function<? super T, Cursor> cursorOf) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one row, not " + limit);
        }
        if (rows.size() <= limit) {
            return last(rows);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(cursorOf.apply(items.get(limit - 1))));
    }

    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), next);
    }
}
