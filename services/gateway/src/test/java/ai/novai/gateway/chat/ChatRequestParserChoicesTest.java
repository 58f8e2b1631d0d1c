package ai.novai.gateway.chat;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.Json;
import ai.novai.proto.inference.v1.ChatRequest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code n}, {@code logprobs} and {@code top_logprobs} as the parser reads them: whether a model serves them is
 * inference's to say, what no model can serve is refused here.
 */
class ChatRequestParserChoicesTest {

    private static final String MESSAGES =
            "\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @Test
    void nUpTo128IsPassedOn() {
        assertThat(parse("\"n\":2").getN(), is(2));
        assertThat(parse("\"n\":128").getN(), is(128));
        assertThat(parse("").hasN(), is(false));
        assertThat(refusal("\"n\":129").error().param(), is("n"));
        assertThat(refusal("\"n\":0").error().param(), is("n"));
    }

    @Test
    void logprobsAndTheirAlternativesArePassedOn() {
        ChatRequest request = parse("\"logprobs\":true,\"top_logprobs\":5");

        assertThat(request.getLogprobs(), is(true));
        assertThat(request.getTopLogprobs(), is(5));
    }

    @Test
    void topLogprobsNeedLogprobs() {
        ApiException refused = refusal("\"top_logprobs\":2");

        assertThat(refused.error().param(), is("top_logprobs"));
        assertThat(refused.error().code(), is("invalid_value"));
        assertThat(refusal("\"logprobs\":false,\"top_logprobs\":2").error().param(), is("top_logprobs"));
    }

    @Test
    void serverSideToolsTakeOneChoiceOnly() {
        ApiException refused = refusal("\"n\":2,\"tools\":[{\"type\":\"mcp\",\"server_label\":\"novai\"}]");

        assertThat(refused.status().code(), is(400));
        assertThat(refused.error().param(), is("n"));
        assertThat(refused.error().code(), is("unsupported_value"));
        assertThat(ChatRequestParser.parse(body("\"n\":1,\"tools\":[{\"type\":\"mcp\",\"server_label\":\"novai\"}]"),
                                           "req").serverTools().size(), is(1));
    }

    private static ChatRequest parse(String fields) {
        return ChatRequestParser.parse(body(fields), "req").request();
    }

    private static ApiException refusal(String fields) {
        return assertThrows(ApiException.class, () -> ChatRequestParser.parse(body(fields), "req"));
    }

    private static JsonNode body(String fields) {
        return Json.parseObject(("{" + MESSAGES + (fields.isEmpty() ? "" : "," + fields) + "}")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
