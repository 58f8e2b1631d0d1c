package ai.novai.common.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An upstream's stream read chunk by chunk and written back for a client is the stream it was. */
class ChunkWireTest {

    @Test
    void aStreamOfToolCallDeltasRoundTrips() {
        List<JsonNode> recorded = Recorded.events("stream-tool-calls.jsonl");

        List<ChatCompletionChunk> chunks = roundTrip(recorded);

        List<ToolCallDelta> fragments = chunks.stream()
                .flatMap(chunk -> chunk.getChoicesList().stream())
                .flatMap(choice -> choice.getDelta().getToolCallsList().stream())
                .toList();
        assertThat(fragments.size(), is(5));
        assertThat(fragments.get(3).getFunctionName(), is("get_local_time"));
        assertThat(fragments.get(1).getArgumentsFragment() + fragments.get(2).getArgumentsFragment(),
                   is("{\"location\":\"Paris\"}"));
    }

    @Test
    void aStreamWithLogprobsRoundTrips() {
        List<ChatCompletionChunk> chunks = roundTrip(Recorded.events("stream-text-logprobs.jsonl"));

        assertThat(chunks.get(1).getChoices(0).getLogprobs().getContent(0).getToken(), is("Hello"));
        assertThat(chunks.getLast().getUsage().getTotalTokens(), is(10));
    }

    @Test
    void tooManyLogprobsInAChunkAreMalformed() {
        ObjectNode chunk = WireJson.object();
        var tokens = chunk.putArray("choices").addObject().put("index", 0).putObject("logprobs").putArray("content");
        for (int i = 0; i <= LogprobsWire.MAX_ENTRIES_PER_CHUNK; i++) {
            tokens.addObject().put("token", "a").put("logprob", -1);
        }

        OpenAiWireException e = assertThrows(OpenAiWireException.class, () -> ChunkWire.read(
                chunk, ChatCompletionChunk.getDefaultInstance(), CompletionWireTest.IDS));

        assertThat(e.param(), is("choices[0].logprobs.content"));
    }

    // each recorded chunk read, then written back as NovAI writes it for a client that asked for usage
    private static List<ChatCompletionChunk> roundTrip(List<JsonNode> recorded) {
        ChatCompletionChunk template = Recorded.template(recorded.getFirst());
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        for (JsonNode event : recorded) {
            Optional<Usage> usage = UsageWire.read(event.path("usage"));
            ChatCompletionChunk chunk = usage.map(u -> template.toBuilder().setUsage(u).build())
                    .orElseGet(() -> ChunkWire.read(event, template, CompletionWireTest.IDS).orElseThrow());
            assertThat(event.toString(), Recorded.plain(ChunkWire.write(chunk, true)), is(Recorded.carriedChunk(event)));
            chunks.add(chunk);
        }
        return chunks;
    }
}
