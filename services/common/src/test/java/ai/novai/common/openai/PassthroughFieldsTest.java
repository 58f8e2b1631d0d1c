package ai.novai.common.openai;

import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.Role;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fields NovAI does not model reach the upstream body, never in place of one NovAI wrote. */
class PassthroughFieldsTest {

    private static final ChatRequest HELLO = ChatRequest.newBuilder()
            .setModel("gpt-x")
            .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                 .addContent(ContentPart.newBuilder().setText("hello")))
            .setTemperature(0.5)
            .build();

    @Test
    void theyAreMergedWithoutOverwritingWhatNovAiWrote() {
        ChatRequest request = HELLO.toBuilder().setPassthroughJson("{\"store\":true,\"temperature\":2,"
                + "\"model\":\"other\",\"prediction_v2\":{\"type\":\"content\",\"weights\":[0.10,1]}}").build();

        ObjectNode body = ChatRequestWire.write(request, "gpt-upstream", "max_completion_tokens", false);

        assertThat(body.path("model").asText(), is("gpt-upstream"));
        assertThat(body.path("temperature").asDouble(), is(0.5));
        assertThat(body.path("store").asBoolean(), is(true));
        // decimals reach the upstream as the client wrote them
        assertThat(body.path("prediction_v2").toString(), is("{\"type\":\"content\",\"weights\":[0.10,1]}"));
    }

    @Test
    void theHintsAreNotUnknown() {
        ChatRequest request = HELLO.toBuilder()
                .setPassthroughJson("{\"store\":false,\"service_tier\":\"flex\",\"web_search_v3\":true,\"x_y\":1}")
                .build();

        assertThat(PassthroughFields.names(request), contains("store", "service_tier", "web_search_v3", "x_y"));
        assertThat(PassthroughFields.firstUnknown(request).orElseThrow(), is("web_search_v3"));
        assertThat(PassthroughFields.firstUnknown(HELLO.toBuilder().setPassthroughJson("{\"store\":true}").build())
                           .isPresent(), is(false));
        assertThat(PassthroughFields.firstUnknown(HELLO).isPresent(), is(false));
    }

    @Test
    void aHintIsOfItsType() {
        OpenAiWireException e = assertThrows(OpenAiWireException.class, () -> PassthroughFields.readHint(
                "store", WireJson.MAPPER.getNodeFactory().textNode("yes")));

        assertThat(e.param(), is("store"));
        assertThat(e.code(), is("invalid_type"));
    }
}
