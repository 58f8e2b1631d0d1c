package ai.novai.gateway.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.PrometheusText;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The write timeout cuts a client that reads nothing, and only such a client: one that reads slowly (much
 * slower than the model writes, its socket buffers full, the gateway's writes blocked for longer than the
 * timeout at a time) keeps its stream, because it is seen taking bytes.
 */
class SlowClientsTest {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);
    private static final String ENDINGS = "novai_gateway_stream_endings_total";

    @Test
    void aClientThatReadsNothingIsCutAndOneThatReadsSlowlyIsNot() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            // 4,000 deltas of 1 KiB, 2 ms apart: far more, far faster than either client takes
            upstream.respondWith(request -> FakeReply.text(("x".repeat(1_023) + " ").repeat(4_000)).inDeltas(4_000)
                    .chunkDelay(Duration.ofMillis(2)));
            String registry = """
                    providers:
                      fake: { type: openai, base-url: "%s", api-key-env: TEST_KEY }
                    models:
                      - { id: fast-model, provider: fake, upstream-model: gpt-fast }
                    """.formatted(upstream.baseUrl());
            // the gateway's send buffers fixed at 256 KiB (Linux doubles it), so that they fill within a second
            // or two instead of growing to 4 MiB (also: server.connection-options reach the sockets)
            Map<String, String> gateway = Map.of("novai.http.write-timeout", WRITE_TIMEOUT.toString(),
                                                 "server.connection-options.socket-send-buffer-size", "262144");
            try (NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(registry), Map.of("TEST_KEY", "k"),
                                                           gateway);
                 Socket idle = connect(cluster.gatewayPort());
                 Socket slow = connect(cluster.gatewayPort())) {
                Http http = new Http(cluster.gatewayPort());
                Http management = new Http(cluster.managementPort());
                PrometheusText before = scrape(management);
                send(idle);
                send(slow);

                // the slow client takes 4 KiB every 250 ms (16 KiB/s, the model writes ~500 KiB/s) for 4 timeouts:
                // Linux wakes the gateway's blocked write once a third of its 512 KiB buffer is free, every 10 s,
                // while the client's window opens every second or so
                InputStream in = slow.getInputStream();
                byte[] buffer = new byte[4_096];
                long read = 0;
                long until = System.nanoTime() + WRITE_TIMEOUT.multipliedBy(4).toNanos();
                while (System.nanoTime() < until) {
                    int n = in.read(buffer);
                    assertThat("the slow reader's stream ended after " + read + " bytes", n, greaterThan(0));
                    read += n;
                    Thread.sleep(250);
                }

                PrometheusText after = scrape(management);
                assertThat("cut as too slow: only the client that read nothing",
                           after.value(ENDINGS, Map.of("outcome", "client_too_slow"))
                                   - before.value(ENDINGS, Map.of("outcome", "client_too_slow")), is(1.0));
                assertThat("the slow reader read on", read, greaterThan(100_000L));
                // the idle client's upstream request was stopped
                assertThat(upstream.awaitDisconnect(Duration.ofSeconds(2)).isPresent(), is(true));
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        // a small receive buffer, so that the gateway's writes block soon
        socket.setReceiveBufferSize(16_384);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private static void send(Socket client) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", "fast-model");
        body.put("stream", true);
        body.putArray("messages").addObject().put("role", "user").put("content", "write a lot");
        byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + NovaiCluster.DEV_KEY + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.flush();
    }

    private static PrometheusText scrape(Http http) {
        HttpResponse<String> response = http.send(http.request("/observe/metrics")
                                                           .header("Accept", "text/plain").GET().build());
        assertThat(response.body(), response.statusCode(), is(200));
        return PrometheusText.parse(response.body());
    }
}
