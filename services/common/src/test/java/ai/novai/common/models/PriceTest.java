package ai.novai.common.models;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PriceTest {

    @Test
    void convertsDecimalUsdToExactMicros() {
        assertThat(Price.ofUsd("0.15", "0.60"), is(new Price(150_000, 600_000)));
        assertThat(Price.ofUsd("15", "75.000000"), is(new Price(15_000_000, 75_000_000)));
        assertThat(Price.ofUsd("0.000001", "0"), is(new Price(1, 0)));
    }

    @Test
    void refusesPricesItCannotKeepExactly() {
        assertThrows(IllegalArgumentException.class, () -> Price.ofUsd("0.0000005", "0"));
        assertThrows(IllegalArgumentException.class, () -> Price.ofUsd("abc", "0"));
        assertThrows(IllegalArgumentException.class, () -> Price.ofUsd("-1", "0"));
    }
}
