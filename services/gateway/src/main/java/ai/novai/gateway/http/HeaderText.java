package ai.novai.gateway.http;

/** A header value echoed in an error message: at most 100 characters, control characters replaced by {@code ?}. */
public final class HeaderText {

    private HeaderText() {
    }

    /** The value as it may be shown. */
    public static String printable(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        StringBuilder text = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.toString();
    }
}
