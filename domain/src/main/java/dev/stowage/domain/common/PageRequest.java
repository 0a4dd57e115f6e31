package dev.stowage.domain.common;

import java.util.Optional;

/**
 * One page of a listing: at most {@code limit} items after the position {@code after} names.
 *
 * @param limit 1 to {@value #MAX_LIMIT} items
 * @param after the cursor of the previous page's last item, empty for the first page
 */
public record PageRequest(int limit, Optional<Cursor> after) {
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 50;

    public PageRequest {
        Checks.range(limit, 1, MAX_LIMIT, "limit");
        Checks.present(after, "after");
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public static PageRequest after(Cursor cursor, int limit) {
        return new PageRequest(limit, Optional.of(cursor));
    }
}
