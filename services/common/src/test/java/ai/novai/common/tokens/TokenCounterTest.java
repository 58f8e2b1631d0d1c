package ai.novai.common.tokens;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TokenCounterTest {

    @Test
    void ordinaryTextIsCountedAsOpenAiDoes() {
        // o200k_base: "Hello", ",", " world", "!"
        assertThat(TokenCounter.count("Hello, world!"), is(4));
        assertThat(TokenCounter.count(""), is(0));
    }

    @Test
    void aHugeRunWithoutWhiteSpaceIsCountedQuicklyAndClosely() {
        String run = "x".repeat(2_000_000);
        // counted whole, a run of 256 x's
        int per256 = TokenCounter.count("x".repeat(256));

        int tokens = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> TokenCounter.count(run));

        int pieces = 2_000_000 / 256;
        assertThat(tokens, allOf(greaterThan(pieces * per256 - pieces), lessThan(pieces * per256 + 2 * per256)));
    }

    @Test
    void longRunsInsideOrdinaryTextKeepTheRestExact() {
        String words = "the quick brown fox jumps over the lazy dog ";
        int ordinary = TokenCounter.count(words);
        int blob = TokenCounter.count("y".repeat(1_000));

        int mixed = TokenCounter.count(words + "y".repeat(1_000));

        assertThat(Math.abs(mixed - ordinary - blob) <= 4, is(true));
    }
}
