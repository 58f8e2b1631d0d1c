package ai.novai.common.telemetry;

/**
 * Client-controlled text made safe for a log line: it can neither end the line (and forge the next one) nor
 * carry control characters, and it is bounded. Everything outside printable ASCII is written as a Java-style
 * {@code \\u} escape with four hex digits (a decoded invalid byte, a bidirectional override, a Unicode line
 * separator included), so what a reader sees is what was sent, one line per record.
 */
public final class LogText {

    /** Longest value written; the rest is cut and marked with {@code ...}. */
    public static final int MAX_CHARS = 512;

    private LogText() {
    }

    /**
     * A logfmt value: as it is when it is a non-empty run of printable ASCII without space, quote, backslash or
     * {@code =}; otherwise double-quoted with {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t} and
     * {@code \\u} escapes (four hex digits). {@code key=value} pairs built with it parse back to the same fields.
     */
    public static String value(String text) {
        if (!text.isEmpty() && text.length() <= MAX_CHARS && text.chars().allMatch(LogText::isBare)) {
            return text;
        }
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 16).append('"');
        escape(text, quoted, true);
        return quoted.append('"').toString();
    }

    /** Free text (a log message) on one line: line breaks, control and non-ASCII characters escaped, bounded. */
    public static String oneLine(String text) {
        boolean clean = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t');
        if (clean) {
            return text;
        }
        StringBuilder line = new StringBuilder(text.length() + 16);
        escape(text, line, false);
        return line.toString();
    }

    private static void escape(String text, StringBuilder out, boolean bounded) {
        int end = bounded ? Math.min(text.length(), MAX_CHARS) : text.length();
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append(bounded ? "\\t" : "\t");
                case '"' -> out.append(bounded ? "\\\"" : "\"");
                case '\\' -> out.append(bounded ? "\\\\" : "\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        if (end < text.length()) {
            out.append("...");
        }
    }

    private static boolean isBare(int c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '=';
    }
}
