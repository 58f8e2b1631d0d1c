package ai.novai.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import ai.novai.proto.tools.v1.ExecuteResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * {@code novai__http_fetch} against a small HTTP server on 127.0.0.1: what the allow-list and the address
 * rules let through, redirects, the output cap and the time limit.
 */
class HttpFetchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_OUTPUT = 2048;

    private static HttpServer upstream;
    private static TestTools tools;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/hello", exchange -> answer(exchange, 200, "text/plain; charset=utf-8", "hello, world"));
        upstream.createContext("/big", exchange -> answer(exchange, 200, "text/plain", "é".repeat(10_000)));
        upstream.createContext("/to-hello", exchange -> redirect(exchange, "/hello"));
        upstream.createContext("/to-other", exchange -> redirect(
                exchange, "http://127.0.0.2:" + port + "/hello"));
        upstream.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        upstream.createContext("/slow", exchange -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "text/plain", "late");
        });
        upstream.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        upstream.start();
        port = upstream.getAddress().getPort();
        // internal.example.com resolves to a private address; the rest as the system resolves them
        Map<String, String> table = Map.of("internal.example.com", "10.1.2.3",
                                           "metadata.example.com", "169.254.169.254");
        tools = TestTools.start("""
                builtins:
                  http_fetch:
                    allowed-hosts: ["127.0.0.1", "localhost", "*.example.com"]
                    timeout-ms: 1500
                    max-output-bytes: %d
                    max-redirects: 2
                """.formatted(MAX_OUTPUT), Map.of(), host -> table.containsKey(host)
                ? new InetAddress[] {InetAddress.getByName(table.get(host))} : InetAddress.getAllByName(host));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        tools.close();
        upstream.stop(0);
    }

    @Test
    void fetchesFromAnAllowedHost() throws Exception {
        ExecuteResponse response = fetch("http://127.0.0.1:" + port + "/hello");
        assertThat(response.getOutput(), response.getIsError(), is(false));
        JsonNode answer = JSON.readTree(response.getOutput());
        assertThat(answer.get("status").asInt(), is(200));
        assertThat(answer.get("content_type").asText(), containsString("text/plain"));
        assertThat(answer.get("body").asText(), is("hello, world"));
        assertThat(answer.get("truncated").asBoolean(), is(false));
    }

    @Test
    void anExplicitlyListedNameMayResolveToLoopback() throws Exception {
        ExecuteResponse response = fetch("http://localhost:" + port + "/hello");
        assertThat(response.getOutput(), response.getIsError(), is(false));
        assertThat(JSON.readTree(response.getOutput()).get("body").asText(), is("hello, world"));
    }

    @Test
    void followsARedirectToAnAllowedHost() throws Exception {
        ExecuteResponse response = fetch("http://127.0.0.1:" + port + "/to-hello");
        assertThat(response.getOutput(), response.getIsError(), is(false));
        assertThat(JSON.readTree(response.getOutput()).get("url").asText(), containsString("/hello"));
    }

    @Test
    void refusesAHostNotListed() {
        ExecuteResponse response = fetch("http://127.0.0.2:" + port + "/hello");
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), containsString("127.0.0.2 is not on http_fetch's allowed-hosts"));
    }

    @Test
    void refusesAPatternMatchThatResolvesToAPrivateAddress() {
        ExecuteResponse response = fetch("http://internal.example.com:" + port + "/hello");
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), containsString("resolves to 10.1.2.3, a private address"));
    }

    @Test
    void refusesTheCloudMetadataAddress() {
        ExecuteResponse response = fetch("http://metadata.example.com/latest/meta-data/");
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), containsString("169.254.169.254, a link-local address"));
    }

    @Test
    void refusesARedirectToAHostNotListed() {
        ExecuteResponse response = fetch("http://127.0.0.1:" + port + "/to-other");
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), containsString("redirect refused: the host 127.0.0.2 is not on"));
    }

    @Test
    void stopsAfterMaxRedirects() {
        ExecuteResponse response = fetch("http://127.0.0.1:" + port + "/loop");
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), containsString("too many redirects"));
    }

    @Test
    void refusesOtherSchemesAndCredentials() {
        assertThat(fetch("file:///etc/passwd").getOutput(), containsString("only http and https"));
        assertThat(fetch("http://user:pw@127.0.0.1:" + port + "/hello").getOutput(), containsString("credentials"));
    }

    @Test
    void cutsALongBodyAndSaysSo() throws Exception {
        ExecuteResponse response = fetch("http://127.0.0.1:" + port + "/big");
        assertThat(response.getIsError(), is(false));
        assertThat(response.getTruncated(), is(true));
        assertThat(response.getOutput().getBytes(StandardCharsets.UTF_8).length, lessThanOrEqualTo(MAX_OUTPUT));
        JsonNode answer = JSON.readTree(response.getOutput());
        assertThat(answer.get("truncated").asBoolean(), is(true));
        assertThat(answer.get("body").asText().chars().allMatch(c -> c == 'é'), is(true));
    }

    @Test
    void aSlowServerTimesOut() {
        long start = System.nanoTime();
        ExecuteResponse response = fetch("http://127.0.0.1:" + port + "/slow");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), containsString("1500 ms"));
        assertThat(elapsedMs, lessThan(4_000L));
    }

    private static ExecuteResponse fetch(String url) {
        return tools.execute("novai__http_fetch", JSON.createObjectNode().put("url", url).toString());
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }
}
