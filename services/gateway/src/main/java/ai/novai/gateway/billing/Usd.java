package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money. Budgets and reservations are whole micro-USD (what Redis counts exactly); ledger costs are
 * exact: token counts times prices in micro-USD per million tokens, i.e. pico-USD.
 */
public final class Usd {

    /** Decimal places of a micro-dollar amount: the finest amount the ledger and the budgets count. */
    public static final int MICROS_SCALE = 6;

    private static final long PICOS_PER_MICRO = 1_000_000L;

    private Usd() {
    }

    /** Dollars as micro-USD, rounded half up to the micro-dollar. */
    public static long toMicros(BigDecimal usd) {
        return usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Micro-USD as dollars. */
    public static BigDecimal ofMicros(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    /** Pico-USD as dollars, exactly. */
    public static BigDecimal ofPicos(long picos) {
        return BigDecimal.valueOf(picos, 12);
    }

    /** Pico-USD rounded up to whole micro-USD: what a budget is charged, never less than the cost. */
    public static long picosToMicrosCeil(long picos) {
        return Math.ceilDiv(picos, PICOS_PER_MICRO);
    }
}
