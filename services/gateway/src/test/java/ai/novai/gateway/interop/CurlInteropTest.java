package ai.novai.gateway.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real {@code curl} binary against the three real services, as the README's first examples use it:
 * a streamed chat with {@code -N} (curl's default {@code Accept: *}{@code /*}, and again with
 * {@code Accept: application/json}) must come out as SSE events arriving one by one, not buffered to the
 * end; a plain chat call must come out as one JSON completion. Without curl on the PATH the test fails.
 */
class CurlInteropTest {

    // Paced so that a long answer takes well over a second to stream: buffering would show.
    private static final String REGISTRY = """
            providers:
              echo: { type: echo, pace: PT0.02S }
            models:
              - { id: novai-echo, kind: chat, provider: echo, owned-by: novai, created: 1767225600 }
            """;
    private static final int WORDS = 80;
    private static final long MAX_TIME_SECONDS = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static NovaiCluster cluster;

    @BeforeAll
    static void start() {
        String version = curlVersion();
        assertThat(version, startsWith("curl "));
        cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void streamsSseEventsAsTheyAreProducedWithCurlsDefaultAccept() {
        assertStreamsIncrementally(List.of());
    }

    @Test
    void streamsSseEventsAsTheyAreProducedWithAcceptJson() {
        assertStreamsIncrementally(List.of("-H", "Accept: application/json"));
    }

    @Test
    void answersAWholeCompletionAsJson() throws IOException {
        Path headers = Files.createTempFile("novai-curl-headers-", ".txt");
        try {
            Curl curl = curl(List.of("-D", headers.toString()), chat("Hello from curl", false));

            assertThat(curl.stderr(), curl.exitCode(), is(0));
            assertThat(curl.stderr().strip(), startsWith("HTTP 200 application/json"));
            String head = Files.readString(headers).toLowerCase(Locale.ROOT);
            assertThat(head, head.lines().findFirst().orElse(""), startsWith("http/1.1 200"));
            assertThat(head, head.contains("\ncontent-type: application/json"), is(true));
            assertThat(head, head.contains("\nx-request-id: req_"), is(true));
            String body = curl.output();
            OpenAiSchemas.assertValidOpenAi("CreateChatCompletionResponse", body);
            JsonNode completion = MAPPER.readTree(body);
            assertThat(completion.path("choices").path(0).path("message").path("content").asText(),
                       is("You said: Hello from curl"));
            assertThat(completion.path("choices").path(0).path("finish_reason").asText(), is("stop"));
        } finally {
            Files.deleteIfExists(headers);
        }
    }

    private static void assertStreamsIncrementally(List<String> extraArguments) {
        String message = IntStream.rangeClosed(1, WORDS).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        Curl curl = curl(extraArguments, chat(message, true));
        String raw = curl.output();

        assertThat(curl.stderr(), curl.exitCode(), is(0));
        assertThat("curl's --write-out, then its output:\n" + curl.stderr() + raw,
                   curl.stderr().strip(), startsWith("HTTP 200 text/event-stream"));
        assertThat("raw output must end with the [DONE] event:\n" + raw, raw.endsWith("data: [DONE]\n\n"), is(true));
        // SSE framing: every event is one "data: " line followed by a blank line (": comments" allowed)
        List<String> data = new ArrayList<>();
        for (String event : raw.split("\n\n")) {
            List<String> fields = event.lines().filter(line -> !line.startsWith(":")).toList();
            if (fields.isEmpty()) {
                continue;
            }
            assertThat(event, fields.size(), is(1));
            assertThat(event, fields.getFirst(), startsWith("data: "));
            data.add(fields.getFirst().substring("data: ".length()));
        }
        assertThat(data.getLast(), is("[DONE]"));
        StringBuilder content = new StringBuilder();
        for (String json : data.subList(0, data.size() - 1)) {
            assertThat(json, startsWith("{"));
            OpenAiSchemas.assertValidOpenAi("CreateChatCompletionStreamResponse", json);
            readTree(json).path("choices")
                    .forEach(choice -> content.append(choice.path("delta").path("content").asText("")));
        }
        assertThat(content.toString(), is("You said: " + message));

        // arrival times, as curl printed the events: the first long before the last
        List<Long> arrivals = curl.dataLineArrivalsMillis();
        assertThat(arrivals.size(), is(data.size()));
        assertThat(arrivals.size(), greaterThan(WORDS));
        long first = arrivals.getFirst();
        long last = arrivals.getLast();
        String timeline = "data lines arrived at (ms after curl started) " + arrivals;
        assertThat(timeline, last - first, greaterThanOrEqualTo(1000L));
        long beforeHalf = arrivals.stream().filter(t -> t < first + (last - first) / 2).count();
        assertThat("events spread over the stream, not in one burst: " + timeline,
                   beforeHalf, greaterThan((long) WORDS / 4));
    }

    private static String chat(String userMessage, boolean stream) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", "novai-echo");
        if (stream) {
            body.put("stream", true);
        }
        body.putArray("messages").addObject().put("role", "user").put("content", userMessage);
        return body.toString();
    }

    /**
     * {@code curl -sS -N --max-time 20 -H 'Authorization: ...' -H 'Content-Type: ...' [extra] -d BODY URL}, with
     * the status and Content-Type written to stderr ({@code -w '%{stderr}...'}) so stdout stays the raw body.
     */
    private static Curl curl(List<String> extraArguments, String body) {
        List<String> command = new ArrayList<>(List.of(
                "curl", "-sS", "-N", "--max-time", String.valueOf(MAX_TIME_SECONDS),
                "-H", "Authorization: Bearer " + NovaiCluster.DEV_KEY,
                "-H", "Content-Type: application/json",
                "-w", "%{stderr}HTTP %{http_code} %{content_type}\n"));
        command.addAll(extraArguments);
        command.addAll(List.of("-d", body, cluster.baseUrl() + "/chat/completions"));
        Path stderr = null;
        try {
            stderr = Files.createTempFile("novai-curl-stderr-", ".txt");
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            StringBuilder output = new StringBuilder();
            List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        arrivals.add((System.nanoTime() - started) / 1_000_000);
                    }
                    output.append(line).append('\n');
                }
            }
            if (!process.waitFor(MAX_TIME_SECONDS + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("curl did not exit within " + (MAX_TIME_SECONDS + 10) + " s: " + command);
            }
            return new Curl(process.exitValue(), output.toString(), Files.readString(stderr), List.copyOf(arrivals));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private static String curlVersion() {
        try {
            Process process = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail("curl --version failed: " + version);
            }
            return version;
        } catch (IOException e) {
            return fail("curl is not installed or not on the PATH (" + e.getMessage() + "): this interop test runs "
                                + "the real curl binary and fails without it; install curl (e.g. apt-get install curl)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one curl run printed: stdout with the arrival time of each {@code data:} line, stderr, exit code. */
    private record Curl(int exitCode, String output, String stderr, List<Long> dataLineArrivalsMillis) {
    }
}
