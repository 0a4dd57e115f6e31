package dev.stowage.domain.common;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Lazy iterators over a source that may hold entries to pass over (a listing of stores). */
public final class LookAhead {
    private LookAhead() {
    }

    /**
     * The present results of {@code map} over {@code source}, in order. Each source element is
     * mapped once, when {@code hasNext} looks ahead for it, so a listing pages in as it is walked; an
     * empty result (an entry gone meanwhile, a name that is not one of ours) is passed over.
     */
    public static <S, T> Iterator<T> present(Iterator<S> source, Function<? super S, Optional<T>> map) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(map, "map");
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                while (next == null && source.hasNext()) {
                    next = map.apply(source.next()).orElse(null);
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T out = next;
                next = null;
                return out;
            }
        };
    }
}
