package ai.novai.gateway.hostile;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Every JSON body is read one way (issue 12, "Strict JSON"): one UTF-8 JSON object and nothing else, each key
 * once, no lone surrogate, declared as {@code application/json} (or not declared at all). Whatever else is
 * sent is a 400 naming the problem, before anything reads a field of it.
 */
class StrictJsonTest {

    private static final String CHAT = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start();
        http = new Http(cluster.gatewayPort());
        cluster.awaitChatServed(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aPlainChatIsServedWithEveryWayOfDeclaringJson() {
        for (String type : new String[] {"application/json", "application/json; charset=utf-8",
                "Application/JSON;charset=UTF-8", "application/json ; charset=\"utf-8\"", null}) {
            HttpResponse<String> response = post("/v1/chat/completions", NovaiCluster.DEV_KEY, type,
                                                 CHAT.getBytes(StandardCharsets.UTF_8));
            assertThat(type + ": " + response.body(), response.statusCode(), is(200));
        }
    }

    @Test
    void trailingGarbageIsRefused() {
        assertInvalidJson(chat(CHAT + " x"));
        assertInvalidJson(chat(CHAT + "]"));
    }

    @Test
    void twoConcatenatedObjectsAreRefused() {
        assertInvalidJson(chat(CHAT + CHAT));
        assertInvalidJson(chat(CHAT + "\n{}"));
    }

    @Test
    void aDuplicateKeyIsRefusedWhereverItIs() {
        assertInvalidJson(chat("{\"model\":\"other\",\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\","
                                       + "\"content\":\"hi\"}]}"));
        assertInvalidJson(chat("{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"role\":\"system\","
                                       + "\"content\":\"hi\"}]}"));
        assertInvalidJson(post("/v1/embeddings", NovaiCluster.DEV_KEY, "application/json",
                               "{\"model\":\"x\",\"model\":\"all-minilm-l6-v2\",\"input\":\"hi\"}"
                                       .getBytes(StandardCharsets.UTF_8)));
        // the admin API: one key's limits must not be decided by whichever duplicate a check happens to read
        assertInvalidJson(post("/v1/admin/keys", NovaiCluster.ADMIN_TOKEN, "application/json",
                               "{\"name\":\"dup\",\"allowed_models\":[\"a\"],\"allowed_models\":null}"
                                       .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLoneSurrogateIsRefused() {
        for (String content : new String[] {"\\ud800", "a\\udc00b", "\\ud800\\ud800", "\\udbff"}) {
            HttpResponse<String> response = chat(CHAT.replace("\"hi\"", "\"" + content + "\""));
            assertInvalidJson(response);
            assertThat(param(response), is("messages[0].content"));
        }
        // in a key, too
        assertInvalidJson(chat(CHAT.replace("{\"model\"", "{\"\\ud800\":1,\"model\"")));
        // a pair is a character like any other
        assertThat(chat(CHAT.replace("\"hi\"", "\"\\ud83d\\ude00\"")).statusCode(), is(200));
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] prefix = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\""
                .getBytes(StandardCharsets.UTF_8);
        byte[][] broken = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}};
        for (byte[] bytes : broken) {
            byte[] body = new byte[prefix.length + bytes.length + 4];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bytes, 0, body, prefix.length, bytes.length);
            System.arraycopy("\"}]}".getBytes(StandardCharsets.UTF_8), 0, body, prefix.length + bytes.length, 4);
            assertInvalidJson(post("/v1/chat/completions", NovaiCluster.DEV_KEY, "application/json", body));
        }
    }

    @Test
    void utf16IsRefusedWithOrWithoutAByteOrderMark() {
        assertInvalidJson(post("/v1/chat/completions", NovaiCluster.DEV_KEY, "application/json",
                               CHAT.getBytes(StandardCharsets.UTF_16LE)));
        assertInvalidJson(post("/v1/chat/completions", NovaiCluster.DEV_KEY, "application/json",
                               CHAT.getBytes(StandardCharsets.UTF_16)));
        assertUnsupportedType(post("/v1/chat/completions", NovaiCluster.DEV_KEY, "application/json; charset=utf-16",
                                   CHAT.getBytes(StandardCharsets.UTF_16)));
    }

    @Test
    void aBodyThatIsNotDeclaredAsJsonIsRefused() {
        byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
        // curl -d without -H 'Content-Type: application/json' sends a form: OpenAI refuses it too
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/jsonx", "application/json-patch+json", "text/json", "application/xml", "*/*", ""}) {
            assertUnsupportedType(post("/v1/chat/completions", NovaiCluster.DEV_KEY, type, body));
        }
        assertUnsupportedType(post("/v1/embeddings", NovaiCluster.DEV_KEY, "text/plain",
                                   "{\"model\":\"all-minilm-l6-v2\",\"input\":\"hi\"}".getBytes(StandardCharsets.UTF_8)));
        assertUnsupportedType(post("/v1/admin/keys", NovaiCluster.ADMIN_TOKEN, "application/x-www-form-urlencoded",
                                   "{\"name\":\"form\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theNextRequestIsServed() {
        assertInvalidJson(chat(CHAT + CHAT));
        assertThat(chat(CHAT).statusCode(), is(200));
    }

    private static HttpResponse<String> chat(String body) {
        return post("/v1/chat/completions", NovaiCluster.DEV_KEY, "application/json",
                    body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = http.request(path).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build());
    }

    private static void assertInvalidJson(HttpResponse<String> response) {
        assertRefused(response, "invalid_json");
    }

    private static void assertUnsupportedType(HttpResponse<String> response) {
        assertRefused(response, "unsupported_content_type");
    }

    private static void assertRefused(HttpResponse<String> response, String code) {
        assertThat(response.body(), response.statusCode(), is(400));
        JsonNode error = Http.json(response).path("error");
        assertThat(response.body(), error.path("code").asText(), is(code));
        assertThat(response.body(), error.path("type").asText(), is("invalid_request_error"));
        assertThat(response.body(), error.get("message"), notNullValue());
        assertThat(response.body(), error.has("param"), is(true));
    }

    private static String param(HttpResponse<String> response) {
        return Http.json(response).path("error").path("param").asText();
    }
}
