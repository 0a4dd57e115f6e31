package dev.stowage.bootstrap.cli;

import dev.stowage.domain.common.Page;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How every listing prints its items: with {@code --json} one JSON value, otherwise a table under a
 * header, or one line saying there is nothing ({@code No documents.}) when there is nothing.
 *
 * @param none the line printed for an empty listing
 * @param json an item as the JSON object the HTTP API gives
 * @param row an item's table cells, one per header column
 * @param header the table's column names
 */
record Listing<T>(String none, Function<T, Map<String, Object>> json, Function<T, Object[]> row, List<String> header) {

    Listing {
        Objects.requireNonNull(none, "none");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(row, "row");
        header = List.copyOf(header);
    }

    static <T> Listing<T> of(String none, Function<T, Map<String, Object>> json, Function<T, Object[]> row,
            String... header) {
        return new Listing<>(none, json, row, List.of(header));
    }

    /**
     * One page: {@code {"items":[...],"next":cursor-or-null}} with {@code json}, otherwise the table
     * and then, when there is a next page, the line {@code next cursor: C}.
     */
    int page(PrintWriter out, Page<T> page, boolean asJson) {
        if (asJson) {
            JsonOut.print(out, JsonOut.object("items", objects(page.items()), "next", page.next()));
            return 0;
        }
        table(out, page.items());
        page.next().ifPresent(c -> out.println("next cursor: " + c));
        return 0;
    }

    /** A whole list, unpaged: a JSON array with {@code json}, otherwise the table. */
    int all(PrintWriter out, List<T> items, boolean asJson) {
        if (asJson) {
            JsonOut.print(out, objects(items));
            return 0;
        }
        table(out, items);
        return 0;
    }

    private List<Map<String, Object>> objects(List<T> items) {
        return items.stream().map(json).toList();
    }

    private void table(PrintWriter out, List<T> items) {
        if (items.isEmpty()) {
            out.println(none);
            return;
        }
        Table t = new Table(header.toArray(String[]::new));
        items.forEach(item -> t.row(row.apply(item)));
        t.print(out);
    }
}
