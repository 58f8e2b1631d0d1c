package ai.novai.common.openai;

import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.FinishReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An upstream's completion read and written back for a client is the completion it was. */
class CompletionWireTest {

    static final IdSource IDS = new IdSource() {
        @Override
        public String completion() {
            return "chatcmpl-novai";
        }

        @Override
        public String toolCall() {
            return "call_novai";
        }
    };

    @Test
    void aToolCallCompletionWithUsageDetailsRoundTrips() {
        JsonNode recorded = Recorded.json("completion-tool-calls.json");

        ChatCompletion completion = read(recorded);

        assertThat(Recorded.plain(CompletionWire.write(completion)), is(Recorded.carried(recorded)));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(completion.getUsage().getCachedPromptTokens(), is(64));
    }

    @Test
    void aCompletionWithLogprobsRoundTrips() {
        JsonNode recorded = Recorded.json("completion-logprobs.json");

        ChatCompletion completion = read(recorded);

        assertThat(Recorded.plain(CompletionWire.write(completion)), is(Recorded.carried(recorded)));
        assertThat(completion.getChoices(0).getLogprobs().getContent(2).getTopLogprobs(1).hasBytes(), is(false));
    }

    @Test
    void whatCompatibleServersLeaveOutIsFilledIn() {
        ObjectNode sparse = WireJson.object();
        sparse.putArray("choices").addObject().putObject("message").put("content", "hi")
                .putArray("tool_calls").addObject().putObject("function").put("name", "f")
                .putObject("arguments").put("x", 1);

        ChatCompletion completion = CompletionWire.read(sparse, IDS);

        assertThat(completion.getId(), is("chatcmpl-novai"));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_STOP));
        assertThat(completion.getChoices(0).getMessage().getToolCalls(0).getId(), is("call_novai"));
        assertThat(completion.getChoices(0).getMessage().getToolCalls(0).getFunction().getArguments(),
                   is("{\"x\":1}"));
    }

    @Test
    void aCompletionWithoutChoicesOrWithBrokenLogprobsIsMalformed() {
        OpenAiWireException noChoices = assertThrows(OpenAiWireException.class,
                                                     () -> CompletionWire.read(WireJson.object(), IDS));
        assertThat(noChoices.param(), is("choices"));

        ObjectNode broken = (ObjectNode) Recorded.json("completion-logprobs.json");
        ((ObjectNode) broken.get("choices").get(0).get("logprobs").get("content").get(1)).putArray("bytes").add(300);
        OpenAiWireException notAByte = assertThrows(OpenAiWireException.class, () -> read(broken));
        assertThat(notAByte.param(), is("choices[0].logprobs.content[1].bytes[0]"));
        assertThat(notAByte.getMessage(), startsWith("Invalid value for 'choices[0].logprobs.content[1].bytes[0]'"));
    }

    private static ChatCompletion read(JsonNode recorded) {
        return CompletionWire.read(recorded, IDS).toBuilder().setModel(recorded.path("model").asText()).build();
    }
}
