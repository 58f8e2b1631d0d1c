package ai.novai.common.models;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Price of a model per one million tokens, in micro-USD (1e-6 USD) so that money stays exact.
 *
 * @param inputMicroUsdPerMillion  price of one million prompt tokens
 * @param outputMicroUsdPerMillion price of one million completion tokens
 */
public record Price(long inputMicroUsdPerMillion, long outputMicroUsdPerMillion) {

    private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);

    public Price {
        if (inputMicroUsdPerMillion < 0 || outputMicroUsdPerMillion < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    /** A free model. */
    public static final Price FREE = new Price(0, 0);

    /**
     * A price given in USD per million tokens as decimal text, e.g. {@code "0.15"}.
     * Fractions of a micro-USD are rejected rather than rounded away.
     */
    public static Price ofUsd(String inputUsdPerMillion, String outputUsdPerMillion) {
        return new Price(toMicros(inputUsdPerMillion), toMicros(outputUsdPerMillion));
    }

    private static long toMicros(String usd) {
        try {
            return new BigDecimal(usd.trim()).multiply(MICROS_PER_USD).setScale(0, RoundingMode.UNNECESSARY)
                    .longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("not a price in USD with at most 6 decimals: " + usd, e);
        }
    }

    /**
     * This price less a discount, exact: a discounted price that is not a whole number of micro-USD per million
     * tokens is refused rather than rounded (set the batch prices explicitly instead).
     *
     * @param percent the discount, 0 to 100
     * @throws IllegalArgumentException when the percentage is out of range or the result is not exact
     */
    public Price discounted(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a discount must be between 0 and 100 percent, not " + percent);
        }
        return new Price(discounted(inputMicroUsdPerMillion, percent), discounted(outputMicroUsdPerMillion, percent));
    }

    private static long discounted(long micros, int percent) {
        long scaled = Math.multiplyExact(micros, 100 - percent);
        if (scaled % 100 != 0) {
            throw new IllegalArgumentException("a " + percent + " % discount of " + micros
                                                       + " micro-USD is not a whole number of micro-USD");
        }
        return scaled / 100;
    }
}
