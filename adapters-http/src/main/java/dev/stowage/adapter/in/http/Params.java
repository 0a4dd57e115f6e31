package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.InvalidInputException;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Query parameters read strictly: a bad value is a 400 that names the parameter and what it takes. */
final class Params {
    private Params() {
    }

    /** One page of a listing: the answer of every list route. {@code next} is left out on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PageView<T>(List<T> items, String next) {
        static <D, V> PageView<V> of(Page<D> page, Function<? super D, ? extends V> view) {
            return new PageView<>(page.items().stream().<V>map(view).toList(),
                    page.next().map(Cursor::value).orElse(null));
        }
    }

    static Optional<String> text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    static PageRequest page(Context ctx) {
        int limit = integer(ctx, "limit").orElse(PageRequest.DEFAULT_LIMIT);
        Checks.range(limit, 1, PageRequest.MAX_LIMIT, "limit");
        return new PageRequest(limit, text(ctx, "cursor").map(Cursor::new));
    }

    static Optional<Integer> integer(Context ctx, String name) {
        return text(ctx, name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("query parameter '" + name + "' must be an integer, got '"
                        + Checks.printable(v) + "'");
            }
        });
    }

    /** {@code true} or {@code false}, in any case; anything else is a 400 naming the parameter. */
    static Optional<Boolean> bool(Context ctx, String name) {
        return text(ctx, name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException("query parameter '" + name + "' must be true or false, got '"
                    + Checks.printable(v) + "'");
        });
    }

    /** An ISO-8601 instant within the years 1 to 9999 ({@link Checks#instant}). */
    static Optional<Instant> instant(Context ctx, String name) {
        String what = "query parameter '" + name + "'";
        return text(ctx, name).map(v -> {
            Instant parsed;
            try {
                parsed = Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(what + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, got '"
                        + Checks.printable(v) + "'");
            }
            return Checks.instant(parsed, what);
        });
    }

    /** An ISO-8601 duration from {@code min} to {@code max}; the error names both bounds. */
    static Optional<Duration> duration(Context ctx, String name, Duration min, Duration max) {
        String what = "query parameter '" + name + "'";
        return text(ctx, name).map(v -> {
            Duration parsed;
            try {
                parsed = Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(what + " must be an ISO-8601 duration from " + min + " to " + max
                        + " such as PT1H, got '" + Checks.printable(v) + "'");
            }
            return Checks.range(parsed, min, max, what);
        });
    }

    /** An enum value, case-insensitive; the error lists the allowed values in lower case. */
    static <E extends Enum<E>> E enumValue(String value, Class<E> type, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new InvalidInputException(field + " must be one of: " + allowed + "; got '" + Checks.printable(value) + "'");
    }
}
