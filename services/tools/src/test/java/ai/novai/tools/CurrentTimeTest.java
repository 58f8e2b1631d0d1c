package ai.novai.tools;

import java.time.Instant;
import java.time.OffsetDateTime;

import ai.novai.proto.tools.v1.ExecuteResponse;
import ai.novai.proto.tools.v1.ToolDescriptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * {@code novai__current_time} on the built-in registry, over gRPC.
 */
class CurrentTimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestTools tools;

    @BeforeAll
    static void start() {
        tools = TestTools.builtIn();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        tools.close();
    }

    @Test
    void isOfferedWithItsLabelAndLimits() {
        ToolDescriptor tool = tools.tool("novai__current_time").orElseThrow();
        assertThat(tool.getServerLabel(), is("novai"));
        assertThat(tool.getTool(), is("current_time"));
        assertThat(tool.getLimits().getTimeoutMs(), is(10_000L));
        assertThat(tool.getLimits().getMaxOutputBytes(), is(65_536L));
        assertThat(tool.getParametersJson(), containsString("timezone"));
    }

    @Test
    void answersInTheZoneAsked() throws Exception {
        ExecuteResponse response = tools.execute("novai__current_time", "{\"timezone\":\"Asia/Kolkata\"}");
        assertThat(response.getIsError(), is(false));
        assertThat(response.getToolCallId(), is("call_1"));
        JsonNode answer = JSON.readTree(response.getOutput());
        assertThat(answer.get("timezone").asText(), is("Asia/Kolkata"));
        OffsetDateTime time = OffsetDateTime.parse(answer.get("time").asText());
        assertThat(time.getOffset().getTotalSeconds(), is(5 * 3600 + 1800));
        assertThat(time.toEpochSecond(), is(answer.get("unix_seconds").asLong()));
        assertThat(Math.abs(answer.get("unix_seconds").asLong() - Instant.now().getEpochSecond()),
                   lessThanOrEqualTo(5L));
    }

    @Test
    void defaultsToUtc() throws Exception {
        ExecuteResponse response = tools.execute("novai__current_time", "");
        JsonNode answer = JSON.readTree(response.getOutput());
        assertThat(answer.get("timezone").asText(), is("UTC"));
        assertThat(OffsetDateTime.parse(answer.get("time").asText()).getOffset().getTotalSeconds(), is(0));
    }

    @Test
    void anUnknownZoneIsAnErrorResult() {
        ExecuteResponse response = tools.execute("novai__current_time", "{\"timezone\":\"Mars/Olympus\"}");
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), containsString("unknown time zone Mars/Olympus"));
    }
}
