package ai.novai.common.telemetry;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class LogTextTest {

    @Test
    void plainValuesStayBareAndOthersAreQuotedWithEscapes() {
        assertThat(LogText.value("/v1/chat/completions"), is("/v1/chat/completions"));
        assertThat(LogText.value(""), is("\"\""));
        assertThat(LogText.value("a b"), is("\"a b\""));
        assertThat(LogText.value("k=v"), is("\"k=v\""));
        assertThat(LogText.value("/v1/zz\n2026-12-07T00:00:00Z INFO x: status=201 key=admin"),
                   is("\"/v1/zz\\n2026-12-07T00:00:00Z INFO x: status=201 key=admin\""));
        assertThat(LogText.value("say \"hi\"\\\r\t"), is("\"say \\\"hi\\\"\\\\\\r\\t\""));
        assertThat(LogText.value("caf\u00e9\ufffd\u202e\u2028\u0000"), is("\"caf\\u00e9\\ufffd\\u202e\\u2028\\u0000\""));
    }

    @Test
    void aLongValueIsCut() {
        String value = LogText.value("x".repeat(10_000));
        assertThat(value, is("\"" + "x".repeat(LogText.MAX_CHARS) + "...\""));
    }

    @Test
    void aMessageStaysOnOneLine() {
        assertThat(LogText.oneLine("call failed: NOT_FOUND"), is("call failed: NOT_FOUND"));
        assertThat(LogText.oneLine("model 'a\r\nb' \u2028unknown"), is("model 'a\\r\\nb' \\u2028unknown"));
    }
}
