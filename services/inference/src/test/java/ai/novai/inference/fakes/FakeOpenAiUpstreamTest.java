package ai.novai.inference.fakes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The fake speaks OpenAI's wire format as clients see it on the wire, so that what passes against it
 * passes against OpenAI.
 */
class FakeOpenAiUpstreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeOpenAiUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeOpenAiUpstream.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void answersAWholeCompletionAndRecordsTheRequest() throws Exception {
        upstream.enqueue(FakeReply.text("Hi there").usage(5, 2));

        HttpResponse<String> response = post("/chat/completions?api-version=1",
                                              "{\"model\":\"gpt-test\",\"messages\":[]}");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type"), is(Optional.of("application/json")));
        JsonNode json = MAPPER.readTree(response.body());
        assertThat(json.path("object").asText(), is("chat.completion"));
        assertThat(json.path("model").asText(), is("gpt-test"));
        assertThat(json.path("choices").get(0).path("message").path("content").asText(), is("Hi there"));
        assertThat(json.path("choices").get(0).path("finish_reason").asText(), is("stop"));
        assertThat(json.path("usage").path("total_tokens").asInt(), is(7));
        RecordedRequest request = upstream.lastRequest();
        assertThat(request.path(), is("/v1/chat/completions"));
        assertThat(request.queryParameter("api-version"), is(Optional.of("1")));
        assertThat(request.header("x-test"), is(Optional.of("yes")));
        assertThat(request.json().path("model").asText(), is("gpt-test"));
        assertThat(upstream.requestCount(), is(1L));
    }

    @Test
    void streamsChunksThenDoneWithUsageOnlyWhenAsked() throws Exception {
        upstream.respondWith(request -> FakeReply.text("a b").usage(3, 2));

        List<String> plain = events(post("/chat/completions", "{\"model\":\"m\",\"stream\":true}"));
        assertThat(plain.size(), is(5));
        assertThat(plain.getFirst(), startsWith("{\"id\":\"chatcmpl-fake"));
        assertThat(MAPPER.readTree(plain.getFirst()).path("choices").get(0).path("delta").path("role").asText(),
                   is("assistant"));
        assertThat(MAPPER.readTree(plain.get(3)).path("choices").get(0).path("finish_reason").asText(), is("stop"));
        assertThat(plain.getLast(), is("[DONE]"));

        List<String> withUsage = events(post("/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
        assertThat(withUsage.size(), is(6));
        JsonNode usage = MAPPER.readTree(withUsage.get(4));
        assertThat(usage.path("choices").size(), is(0));
        assertThat(usage.path("usage").path("completion_tokens").asInt(), is(2));
        assertThat(MAPPER.readTree(withUsage.getFirst()).path("usage").isNull(), is(true));
    }

    @Test
    void truncatesStreamsAndAnswersErrors() throws Exception {
        upstream.enqueue(FakeReply.text("a b c").truncateAfter(2),
                         FakeReply.error(429, "slow down").header("Retry-After", "2"));

        List<String> truncated = events(post("/chat/completions", "{\"stream\":true}"));
        assertThat(truncated.size(), is(2));

        HttpResponse<String> limited = post("/chat/completions", "{}");
        assertThat(limited.statusCode(), is(429));
        assertThat(limited.headers().firstValue("Retry-After"), is(Optional.of("2")));
        assertThat(MAPPER.readTree(limited.body()).path("error").path("message").asText(), is("slow down"));
        assertThat(upstream.requests().stream().map(RecordedRequest::stream).toList(), contains(true, false));
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
                                   .timeout(Duration.ofSeconds(5))
                                   .header("X-Test", "yes")
                                   .POST(HttpRequest.BodyPublishers.ofString(body))
                                   .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> events(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"), is(Optional.of("text/event-stream")));
        return List.of(response.body().split("\n\n")).stream()
                .map(event -> event.substring("data: ".length()))
                .toList();
    }
}
