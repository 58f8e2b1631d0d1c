package ai.novai.common.tokens;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class RunningTokenCountTest {

    private static final String[] WORDS = {"the", "model", "streams", "tokens,", "and", "a", "gateway", "counts",
        "them.", "Money", "is", "exact;", "nothing", "lost\n\n", "émigré", "数据", "🙂", "x=42"};

    @Test
    void aStreamInSmallPiecesCountsAsTheWholeText() {
        Random random = new Random(11);
        StringBuilder whole = new StringBuilder();
        RunningTokenCount running = new RunningTokenCount();
        for (int i = 0; i < 20_000; i++) {
            String piece = (i == 0 ? "" : " ") + WORDS[random.nextInt(WORDS.length)];
            whole.append(piece);
            running.add(piece);
        }

        int exact = TokenCounter.count(whole.toString());

        // a token at most per piece of about 1,000 characters, where a run of white space was split
        assertThat(Math.abs(running.total() - exact), lessThanOrEqualTo(whole.length() / 1000 + 1));
    }

    @Test
    void shortTextIsExact() {
        RunningTokenCount running = new RunningTokenCount();
        running.add("Hello");
        running.add(", world");
        running.add("!");

        assertThat(running.total(), is(TokenCounter.count("Hello, world!")));
        assertThat(new RunningTokenCount().total(), is(0));
    }

    @Test
    void aRunWithoutWhiteSpaceNeverSplitsASurrogatePair() {
        RunningTokenCount running = new RunningTokenCount();
        String emoji = "🙂";
        for (int i = 0; i < 3_000; i++) {
            running.add(emoji);
        }

        // counted in pieces (of whole code points), so close to the whole run's count
        int whole = TokenCounter.count(emoji.repeat(3_000));
        assertThat(Math.abs(running.total() - whole), lessThanOrEqualTo(30));
    }
}
