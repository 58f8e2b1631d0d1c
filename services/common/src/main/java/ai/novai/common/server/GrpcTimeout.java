package ai.novai.common.server;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code grpc-timeout} header of gRPC over HTTP/2: at most eight digits and a unit ({@code H}, {@code M},
 * {@code S}, {@code m}, {@code u}, {@code n}). Anything else is no timeout.
 */
final class GrpcTimeout {

    private static final int MAX_DIGITS = 8;

    private GrpcTimeout() {
    }

    /** The timeout in nanoseconds, if the header holds a valid one. */
    static Optional<Long> nanos(String header) {
        if (header == null || header.length() < 2 || header.length() > MAX_DIGITS + 1) {
            return Optional.empty();
        }
        String digits = header.substring(0, header.length() - 1);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        long value = Long.parseLong(digits);
        return switch (header.charAt(header.length() - 1)) {
            case 'H' -> Optional.of(TimeUnit.HOURS.toNanos(value));
            case 'M' -> Optional.of(TimeUnit.MINUTES.toNanos(value));
            case 'S' -> Optional.of(TimeUnit.SECONDS.toNanos(value));
            case 'm' -> Optional.of(TimeUnit.MILLISECONDS.toNanos(value));
            case 'u' -> Optional.of(TimeUnit.MICROSECONDS.toNanos(value));
            case 'n' -> Optional.of(value);
            default -> Optional.empty();
        };
    }
}
