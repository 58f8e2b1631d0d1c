package ai.novai.gateway.files;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A header value of the form {@code value *(";" name "=" (token / quoted-string))}: a request's
 * {@code Content-Type} ({@code multipart/form-data; boundary=...}) and a part's {@code Content-Disposition}
 * ({@code form-data; name="file"; filename="batch.jsonl"}). Parameter names are case-insensitive. In a quoted
 * value a backslash escapes {@code "} and {@code \} (httpx escapes both in file names) and is kept before
 * anything else: browsers and undici send {@code \} unescaped, in Windows paths say. A parameter given twice, an
 * unclosed quote or text that is not a parameter makes the value malformed.
 *
 * @param value      the part before the first {@code ;}, stripped
 * @param parameters by lower-case name
 */
record HeaderParameters(String value, Map<String, String> parameters) {

    /** The header value parsed, or empty when it is malformed. */
    static Optional<HeaderParameters> parse(String header) {
        return new Parser(header).parse();
    }

    /** Whether the text is a non-empty RFC 9110 token (a header or parameter name). */
    static boolean isToken(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> isTokenChar((char) c));
    }

    private static boolean isTokenChar(char c) {
        return c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    /** The parameter of that (lower-case) name. */
    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    private static final class Parser {
        private final String text;
        private int position;

        private Parser(String text) {
            this.text = text;
        }

        private Optional<HeaderParameters> parse() {
            int semicolon = text.indexOf(';');
            String value = (semicolon < 0 ? text : text.substring(0, semicolon)).strip();
            position = semicolon < 0 ? text.length() : semicolon;
            Map<String, String> parameters = new LinkedHashMap<>();
            while (skipWhitespace() < text.length()) {
                if (text.charAt(position) != ';') {
                    return Optional.empty();
                }
                position++;
                if (skipWhitespace() == text.length()) {
                    break;
                }
                String name = token().toLowerCase(Locale.ROOT);
                if (name.isEmpty() || skipWhitespace() == text.length() || text.charAt(position) != '=') {
                    return Optional.empty();
                }
                position++;
                skipWhitespace();
                Optional<String> parameter = position < text.length() && text.charAt(position) == '"'
                        ? quoted() : Optional.of(token());
                if (parameter.isEmpty() || parameters.putIfAbsent(name, parameter.get()) != null) {
                    return Optional.empty();
                }
            }
            return Optional.of(new HeaderParameters(value, Map.copyOf(parameters)));
        }

        private int skipWhitespace() {
            while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
                position++;
            }
            return position;
        }

        // RFC 9110 token characters; an unquoted value that has other characters ends there and fails the parse
        private String token() {
            int start = position;
            while (position < text.length() && isTokenChar(text.charAt(position))) {
                position++;
            }
            return text.substring(start, position);
        }

        private Optional<String> quoted() {
            StringBuilder value = new StringBuilder();
            for (position++; position < text.length(); position++) {
                char c = text.charAt(position);
                if (c == '"') {
                    position++;
                    return Optional.of(value.toString());
                }
                if (c == '\\' && position + 1 < text.length()
                        && (text.charAt(position + 1) == '"' || text.charAt(position + 1) == '\\')) {
                    c = text.charAt(++position);
                }
                value.append(c);
            }
            return Optional.empty();
        }
    }
}
