package ai.novai.gateway.http;

import ai.novai.gateway.errors.ApiException;

/** Integer query parameters ({@code limit=20}): a whole number in its range, or 400 {@code invalid_value}. */
public final class QueryIntegers {

    private QueryIntegers() {
    }

    /** The value of the parameter of that name, from {@code min} to {@code max}. */
    public static int inRange(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("'" + name + "' must be an integer from " + min + " to " + max + ".", name,
                                      "invalid_value");
    }
}
