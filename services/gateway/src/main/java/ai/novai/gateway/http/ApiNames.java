package ai.novai.gateway.http;

import java.util.Optional;
import java.util.function.Function;

/** Enum constants by the names the API (and the database) give them, e.g. {@code "in_progress"}. */
public final class ApiNames {

    private ApiNames() {
    }

    /**
     * The constant whose API name is {@code name}, if one is.
     *
     * @param constants the enum's {@code values()}
     * @param apiName   a constant's API name
     * @param name      the name asked for
     */
    public static <E extends Enum<E>> Optional<E> find(E[] constants, Function<E, String> apiName, String name) {
        for (E constant : constants) {
            if (apiName.apply(constant).equals(name)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
