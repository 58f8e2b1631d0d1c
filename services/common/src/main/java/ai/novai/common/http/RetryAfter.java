package ai.novai.common.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a provider asks to be left alone: {@code Retry-After-Ms} (OpenAI's), else {@code Retry-After}
 * in seconds or as an HTTP date. Both backends read it from their upstreams' 429s and 5xx.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * The wait the headers ask for.
     *
     * @param retryAfterMs the {@code Retry-After-Ms} header, if sent
     * @param retryAfter   the {@code Retry-After} header, if sent
     * @return the wait, empty when neither header says anything usable
     */
    public static Optional<Duration> parse(Optional<String> retryAfterMs, Optional<String> retryAfter) {
        Optional<Duration> millis = retryAfterMs.flatMap(RetryAfter::number)
                .map(value -> Duration.ofMillis(value.longValue()));
        if (millis.isPresent()) {
            return millis;
        }
        return retryAfter.flatMap(value -> number(value)
                .map(seconds -> Duration.ofMillis((long) (seconds * 1000)))
                .or(() -> httpDate(value)));
    }

    private static Optional<Double> number(String value) {
        try {
            double number = Double.parseDouble(value.trim());
            return number >= 0 ? Optional.of(number) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> httpDate(String value) {
        try {
            Duration wait = Duration.between(ZonedDateTime.now(),
                                             ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
