package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void rowsUpToTheLimitAreTheLastPage() {
        assertThat(Page.fromReadAhead(List.of(), 2, n -> new Cursor("c")).next()).isEmpty();
        Page<Integer> full = Page.fromReadAhead(List.of(1, 2), 2, n -> new Cursor("after " + n));
        assertThat(full.items()).containsExactly(1, 2);
        assertThat(full.next()).isEmpty();
    }

    @Test
    void theRowReadAheadIsDroppedAndTheCursorStandsAfterTheLastRowKept() {
        Page<Integer> page = Page.fromReadAhead(List.of(1, 2, 3), 2, n -> new Cursor("after " + n));
        assertThat(page.items()).containsExactly(1, 2);
        assertThat(page.next()).contains(new Cursor("after 2"));
        Page<Integer> one = Page.fromReadAhead(List.of(7, 8), 1, n -> new Cursor("after " + n));
        assertThat(one.items()).containsExactly(7);
        assertThat(one.next()).contains(new Cursor("after 7"));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> Page.fromReadAhead(List.of(1), 0, n -> new Cursor("c")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
