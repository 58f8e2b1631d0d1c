package ai.novai.gateway.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Column values as the two databases' drivers give them. */
public final class Columns {

    private Columns() {
    }

    /** A {@code timestamp with time zone}: PostgreSQL's driver answers {@link Timestamp}, H2 {@link OffsetDateTime}. */
    public static Instant instant(Object value) {
        return switch (value) {
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime dateTime -> dateTime.toInstant();
            case Instant instant -> instant;
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }

    /** An instant as a statement parameter. */
    public static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }
}
