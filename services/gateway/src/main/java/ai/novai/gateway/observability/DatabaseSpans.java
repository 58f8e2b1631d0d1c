package ai.novai.gateway.observability;

import java.util.Locale;

import ai.novai.common.telemetry.Telemetry;
import io.helidon.dbclient.DbClientService;
import io.helidon.dbclient.DbClientServiceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;

/**
 * A client span per database statement (database semantic conventions: {@code db.system.name},
 * {@code db.operation.name}, {@code db.query.text} — the statement with its {@code ?} placeholders, never
 * the values), a child of the request's span. Registered on the gateway's DB client; does nothing while
 * tracing is off.
 */
public final class DatabaseSpans implements DbClientService {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> QUERY = AttributeKey.stringKey("db.query.text");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final String system;

    /**
     * @param jdbcUrl the database's URL, e.g. {@code jdbc:postgresql://db/novai}: it names the system
     */
    public DatabaseSpans(String jdbcUrl) {
        this.system = system(jdbcUrl);
    }

    @Override
    public DbClientServiceContext statement(DbClientServiceContext context) {
        if (!Telemetry.tracing()) {
            return context;
        }
        String operation = firstWord(context.statement());
        Span span = Telemetry.tracer().spanBuilder(operation + " " + system)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SYSTEM, system)
                .setAttribute(OPERATION, operation)
                .setAttribute(QUERY, context.statement())
                .startSpan();
        context.statementFuture().whenComplete((ignored, failure) -> {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            }
            span.end();
        });
        return context;
    }

    // "jdbc:postgresql://..." -> postgresql, "jdbc:h2:file:..." -> h2, as the conventions name the systems
    private static String system(String jdbcUrl) {
        String[] parts = jdbcUrl.toLowerCase(Locale.ROOT).split(":", 3);
        return parts.length >= 2 && parts[0].equals("jdbc") ? parts[1] : "other_sql";
    }

    private static String firstWord(String statement) {
        String trimmed = statement.strip();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
