package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LookAheadTest {

    @Test
    void passesOverEmptyResultsAndMapsEachElementOnceWhenLookedFor() {
        List<String> mapped = new ArrayList<>();
        Iterator<Integer> it = LookAhead.present(List.of("1", "x", "2", "y", "z", "3").iterator(), s -> {
            mapped.add(s);
            return s.chars().allMatch(Character::isDigit) ? Optional.of(Integer.parseInt(s)) : Optional.empty();
        });

        assertThat(mapped).isEmpty();
        assertThat(it.hasNext()).isTrue();
        assertThat(it.hasNext()).isTrue();
        assertThat(mapped).containsExactly("1");
        assertThat(it.next()).isEqualTo(1);
        assertThat(it.next()).isEqualTo(2);
        assertThat(mapped).containsExactly("1", "x", "2");
        assertThat(it.next()).isEqualTo(3);
        assertThat(it.hasNext()).isFalse();
        assertThat(mapped).containsExactly("1", "x", "2", "y", "z", "3");
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aSourceOfNothingButEmptiesHasNothing() {
        Iterator<String> it = LookAhead.present(List.of("a", "b").iterator(), s -> Optional.<String>empty());
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }
}
