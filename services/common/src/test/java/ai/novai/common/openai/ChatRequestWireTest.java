package ai.novai.common.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.ImageDetail;
import ai.novai.proto.inference.v1.JsonSchemaFormat;
import ai.novai.proto.inference.v1.ResponseFormat;
import ai.novai.proto.inference.v1.ResponseFormatType;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A client's request read into the internal contract and written for an upstream is the request it was. */
class ChatRequestWireTest {

    private static final ToolsWire.OtherTools FUNCTIONS_ONLY = (type, tool, path) -> {
        throw OpenAiWireException.invalidValue(path + ".type", "only 'function' tools are supported.");
    };

    @Test
    void aRequestWithToolsToolMessagesAndImagesRoundTrips() {
        JsonNode recorded = Recorded.json("request-tools-images.json");

        ChatRequest request = read(recorded);
        ObjectNode written = ChatRequestWire.write(request, "gpt-4o-mini", "max_completion_tokens", false);

        assertThat(Recorded.plain(written), is(Recorded.plain(recorded)));
        assertThat(request.getMessagesList().stream().map(message -> message.getRole()).toList(),
                   contains(Role.ROLE_DEVELOPER, Role.ROLE_USER, Role.ROLE_ASSISTANT, Role.ROLE_TOOL, Role.ROLE_TOOL,
                            Role.ROLE_ASSISTANT, Role.ROLE_USER));
        ContentPart image = request.getMessages(1).getContent(1);
        assertThat(image.getImageUrl().getDetail(), is(ImageDetail.IMAGE_DETAIL_HIGH));
        assertThat(request.getMessages(2).getToolCalls(1).getFunction().getName(), is("get_local_time"));
        assertThat(request.getToolChoice().getMode(), is(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO));
        assertThat(request.getMaxTokens(), is(256));
    }

    @Test
    void aStreamAsksForUsageAndTheUpstreamsOwnOutputLimit() {
        ChatRequest request = read(Recorded.json("request-tools-images.json"));

        ObjectNode written = ChatRequestWire.write(request, "llama3", "max_tokens", true);

        assertThat(written.path("stream").asBoolean(), is(true));
        assertThat(written.path("stream_options").path("include_usage").asBoolean(), is(true));
        assertThat(written.path("max_tokens").asInt(), is(256));
        assertThat(written.has("max_completion_tokens"), is(false));
        assertThat(written.path("model").asText(), is("llama3"));
    }

    @Test
    void malformedJsonNamesTheParameterByItsPath() {
        ObjectNode body = (ObjectNode) Recorded.json("request-tools-images.json");
        ((ObjectNode) body.get("messages").get(2).get("tool_calls").get(0).get("function"))
                .putObject("arguments").put("location", "Madison, WI");

        OpenAiWireException e = assertThrows(OpenAiWireException.class, () -> read(body));

        assertThat(e.param(), is("messages[2].tool_calls[0].function.arguments"));
        assertThat(e.code(), is("invalid_type"));
        assertThat(e.getMessage(), is("Invalid type for 'messages[2].tool_calls[0].function.arguments': "
                + "expected a string."));
    }

    @Test
    void eachProblemIsNamedWithItsCode() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"{\"model\":\"m\"}", "messages", "missing_required_parameter"});
        cases.add(new String[] {"{\"model\":\"m\",\"messages\":[{\"role\":\"function\",\"content\":\"x\"}]}",
                "messages[0].role", "unsupported_parameter"});
        cases.add(new String[] {"{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\"}]}", "messages[0].content",
                "missing_required_parameter"});
        cases.add(new String[] {"{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":"
                + "\"image_url\",\"image_url\":{\"url\":\"https://x\"}}]}]}", "messages[0].content[0].type",
                "invalid_value"});
        cases.add(new String[] {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}},{\"type\":\"function\","
                + "\"function\":{\"name\":\"a\"}}]}", "tools[1].function.name", "invalid_value"});
        cases.add(new String[] {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"top_logprobs\":2}", "top_logprobs", "invalid_value"});
        cases.add(new String[] {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":1}}}",
                "response_format.json_schema.schema", "invalid_type"});
        cases.add(new String[] {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"custom\"}]}", "tools[0].type", "invalid_value"});
        for (String[] c : cases) {
            OpenAiWireException e = assertThrows(OpenAiWireException.class, () -> read(parse(c[0])), c[0]);
            assertThat(c[0], e.param(), is(c[1]));
            assertThat(c[0], e.code(), is(c[2]));
        }
    }

    @Test
    void textThatIsNotJsonIsRefusedWhenWritten() {
        ChatRequest request = read(parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .toBuilder()
                .setResponseFormat(ResponseFormat.newBuilder()
                        .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                        .setJsonSchema(JsonSchemaFormat.newBuilder()
                                               .setName("x").setSchemaJson("{\"type\":")))
                .build();

        OpenAiWireException e = assertThrows(OpenAiWireException.class,
                                             () -> ChatRequestWire.write(request, "m", "max_tokens", false));

        assertThat(e.param(), is("response_format.json_schema.schema"));
    }

    private static ChatRequest read(JsonNode body) {
        ChatRequest.Builder request = ChatRequest.newBuilder();
        ChatRequestWire.read(body, request, FUNCTIONS_ONLY);
        return request.build();
    }

    private static JsonNode parse(String json) {
        try {
            return WireJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
