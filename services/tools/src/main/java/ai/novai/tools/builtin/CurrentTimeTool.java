package ai.novai.tools.builtin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import ai.novai.tools.catalog.ToolInvoker;
import ai.novai.tools.catalog.ToolResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code novai__current_time}: the time now in an IANA time zone (default UTC), as JSON with the ISO-8601
 * local time with offset, the zone and Unix seconds. An unknown zone is an error result saying so.
 */
final class CurrentTimeTool implements ToolInvoker {

    static final String NAME = "current_time";
    static final String DESCRIPTION = "The current date and time in a time zone: ISO-8601 time with offset, "
            + "the zone, and Unix seconds.";
    static final String SCHEMA = """
            {"type":"object","properties":{"timezone":{"type":"string","maxLength":64,\
            "description":"IANA time zone id, e.g. Europe/Paris or America/New_York. Default: UTC."}},\
            "additionalProperties":false}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    CurrentTimeTool(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ToolResult invoke(ObjectNode arguments) {
        String zoneId = arguments.path("timezone").asText("UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneId.isBlank() ? "UTC" : zoneId);
        } catch (DateTimeException e) {
            return ToolResult.error("unknown time zone " + zoneId + ": give an IANA time zone id such as "
                                            + "Europe/Paris, or leave it out for UTC");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        ObjectNode answer = JSON.createObjectNode()
                .put("time", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("timezone", zone.getId())
                .put("unix_seconds", now.toEpochSecond());
        return ToolResult.ok(answer.toString());
    }
}
