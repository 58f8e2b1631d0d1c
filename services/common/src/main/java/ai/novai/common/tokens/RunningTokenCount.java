package ai.novai.common.tokens;

/**
 * Tokens of a text that arrives in pieces (a stream's output), counted as it comes: only an unfinished tail
 * of at most about {@value #PIECE} characters is kept, so a long stream costs constant memory and each
 * character is counted once. Pieces are cut before white space, where the encoder's own pre-tokenization
 * cuts too (a word takes the space before it), so the total is what {@link TokenCounter#count} gives for
 * the whole text, give or take a token per piece where runs of white space were split.
 */
public final class RunningTokenCount {

    private static final int PIECE = 1024;

    private final StringBuilder tail = new StringBuilder();
    private int counted;

    /** Adds the next piece of the text. */
    public void add(String text) {
        tail.append(text);
        if (tail.length() >= PIECE) {
            countFinishedPart();
        }
    }

    /** Tokens of everything added so far. */
    public int total() {
        return counted + TokenCounter.count(tail.toString());
    }

    private void countFinishedPart() {
        int cut = lastWhitespace();
        if (cut <= 0) {
            // no white space to cut at (one long run): cut anywhere but inside a surrogate pair
            cut = tail.length();
            if (Character.isHighSurrogate(tail.charAt(cut - 1))) {
                cut--;
            }
        }
        counted += TokenCounter.count(tail.substring(0, cut));
        tail.delete(0, cut);
    }

    private int lastWhitespace() {
        for (int i = tail.length() - 1; i > 0; i--) {
            if (Character.isWhitespace(tail.charAt(i))) {
                return i;
            }
        }
        return 0;
    }
}
