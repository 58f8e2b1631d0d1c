package ai.novai.gateway.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

/**
 * What real and hostile clients did to the request path before it held (issue 11), each reproduced: SDK
 * streams that send {@code Accept: application/json}, clients that stop reading, bodies of a few megabytes,
 * model ids of a few kilobytes, clients that give up on a non-streamed answer.
 */
class RequestPathEndToEndTest {

    private static FakeOpenAiUpstream upstream;
    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        String registry = """
                providers:
                  fake: { type: openai, base-url: "%s", api-key-env: TEST_KEY }
                  echo: { type: echo }
                models:
                  - { id: endless, provider: fake, upstream-model: gpt-endless }
                  - { id: novai-echo, provider: echo, upstream-model: echo }
                """.formatted(upstream.baseUrl());
        cluster = NovaiCluster.start(NovaiCluster.registry(registry), Map.of("TEST_KEY", "k"));
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        upstream.close();
    }

    @Test
    void aStreamIsStreamedWhateverAcceptSays() {
        HttpResponse<String> response = http.send(authorized("/v1/chat/completions")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat("novai-echo", "hello", true).toString()))
                .build());

        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(response.headers().firstValue("content-type").orElseThrow(), startsWith("text/event-stream"));
        assertThat(response.body(), startsWith("data: {"));
        assertThat(response.body(), endsWith("data: [DONE]\n\n"));
        assertThat(response.body(), containsString("\"content\":\"hello\""));
    }

    @Test
    void anOverlongModelIdIsA400AtOnceAndTheNextRequestIsServed() {
        for (boolean stream : new boolean[] {false, true}) {
            long start = System.nanoTime();
            HttpResponse<String> refused = http.send(post(chat("m".repeat(3_000), "hi", stream)));

            assertThat(refused.body(), refused.statusCode(), is(400));
            assertThat(Http.json(refused).path("error").path("param").asText(), is("model"));
            assertThat(Duration.ofNanos(System.nanoTime() - start), lessThan(Duration.ofSeconds(2)));
        }
        HttpResponse<String> embeddings = http.send(authorized("/v1/embeddings")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + "e".repeat(3_000) + "\",\"input\":\"x\"}"))
                .build());
        assertThat(embeddings.body(), embeddings.statusCode(), is(400));

        HttpResponse<String> next = http.send(post(chat("novai-echo", "still there?", false)));
        assertThat(next.body(), next.statusCode(), is(200));
    }

    @Test
    void aChatOfThreeMillionCharactersIsAnswered() {
        ObjectNode body = chat("novai-echo", "x".repeat(3_000_000), false).put("max_tokens", 4);

        long start = System.nanoTime();
        HttpResponse<String> response = http.send(post(body));

        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(Http.json(response).path("choices").path(0).path("finish_reason").asText(), is("length"));
        assertThat(Duration.ofNanos(System.nanoTime() - start), lessThan(Duration.ofSeconds(20)));
    }

    @Test
    void aBodyOverTheCapIsRefusedWith413AtOnce() {
        ObjectNode body = chat("novai-echo", "x".repeat(21 * 1024 * 1024), false);

        HttpResponse<String> response = http.send(post(body));

        assertThat(response.body(), response.statusCode(), is(413));
        assertThat(Http.json(response).path("error").path("code").asText(), is("request_too_large"));
    }

    @Test
    void clientsThatStopReadingNeverTakeTheModelDownForOthers() throws IOException {
        upstream.respondWith(request -> FakeReply.endless(Duration.ofMillis(10)));
        for (int i = 0; i < 15; i++) {
            try (Socket client = new Socket("127.0.0.1", cluster.gatewayPort())) {
                send(client, chat("endless", "stop me", true));
                readUntil(client.getInputStream(), "tick");
            }
            assertThat(upstream.awaitDisconnect(Duration.ofSeconds(5)).isPresent(), is(true));
        }

        upstream.respondWith(request -> FakeReply.text("still serving"));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = http.send(post(chat("endless", "and me?", false)));
            assertThat(response.body(), response.statusCode(), is(200));
        }
    }

    @Test
    void aClientThatGivesUpOnANonStreamedAnswerCancelsTheModelCallWithinASecond() throws IOException {
        upstream.respondWith(request -> FakeReply.endless(Duration.ofMillis(50)));
        Instant closed;
        try (Socket client = new Socket("127.0.0.1", cluster.gatewayPort())) {
            send(client, chat("endless", "take your time", false));
            awaitRequests(1);
            closed = Instant.now();
        }

        Instant cancelled = upstream.awaitDisconnect(Duration.ofSeconds(5)).orElseThrow(
                () -> new AssertionError("the upstream request was not cancelled"));
        assertThat(Duration.between(closed, cancelled), lessThan(Duration.ofMillis(1_500)));

        upstream.respondWith(request -> FakeReply.text("next"));
        HttpResponse<String> next = http.send(post(chat("endless", "next", false)));
        assertThat(next.body(), next.statusCode(), is(200));
    }

    private static void awaitRequests(long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long before = upstream.requestCount();
        while (upstream.requestCount() < before + count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static void send(Socket client, ObjectNode body) throws IOException {
        byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + NovaiCluster.DEV_KEY + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.flush();
    }

    private static void readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!seen.toString().contains(marker)) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new AssertionError("the stream ended before '" + marker + "': " + seen);
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
    }

    private static HttpRequest.Builder authorized(String path) {
        return http.request(path)
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .header("Content-Type", "application/json");
    }

    private static HttpRequest post(ObjectNode body) {
        return authorized("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private static ObjectNode chat(String model, String content, boolean stream) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", model).put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", content);
        return body;
    }
}
