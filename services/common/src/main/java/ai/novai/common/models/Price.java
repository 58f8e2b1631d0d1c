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
}
