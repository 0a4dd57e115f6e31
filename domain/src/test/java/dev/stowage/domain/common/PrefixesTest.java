package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefixesTest {

    @Test
    void theSuccessorRaisesTheLastCodePointAndSkipsWhatCannotBeRaised() {
        assertThat(Prefixes.successor("ab")).contains("ac");
        assertThat(Prefixes.successor("a\ud7ff")).contains("a\ue000");
        assertThat(Prefixes.successor("a\ud83d\ude00")).contains("a\ud83d\ude01");
        assertThat(Prefixes.successor("a\udbff\udfff")).contains("b");
        assertThat(Prefixes.successor("\udbff\udfff")).isEmpty();
    }

    @Test
    void likeWildcardsAreRaisedAsPlainCharacters() {
        assertThat(Prefixes.successor("a%")).contains("a&");
        assertThat(Prefixes.successor("a_")).contains("a`");
        assertThat(Prefixes.successor("image/")).contains("image0");
    }

    @Test
    void theEmptyPrefixHasNoSuccessor() {
        assertThat(Prefixes.successor("")).isEmpty();
    }

    @Test
    void everyStringWithThePrefixSortsBelowTheSuccessorByCodePoint() {
        String prefix = "r\u00e9sum\u00e9";
        String successor = Prefixes.successor(prefix).orElseThrow();
        for (String s : new String[] {prefix, prefix + "\udbff\udfff", prefix + "\uffff\uffff", prefix + "z"}) {
            assertThat(codePointCompare(s, successor)).as(s).isNegative();
            assertThat(codePointCompare(s, prefix)).as(s).isNotNegative();
        }
        assertThat(codePointCompare("r\u00e9sum\u00ea", successor)).isZero();
    }

    private static int codePointCompare(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
