package ai.novai.gateway.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

/**
 * Clients that send slowly, too much, or too often at once (issue 12, "slow clients" and the header and URL
 * caps), on raw sockets: each is answered OpenAI-shaped (or cut) within bounds, and others are served meanwhile.
 * The limits are short here (1 s) so that the test is quick; the margins allow a loaded machine.
 */
class SlowSendersTest {

    private static final Duration LIMIT = Duration.ofSeconds(1);
    // what "at once" means for a cut at LIMIT, on a loaded 2-core machine
    private static final Duration BOUND = Duration.ofSeconds(6);
    private static final int MAX_PER_ADDRESS = 5;
    private static final String CHAT = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start(Map.of(), Map.of(), Map.of(
                "novai.http.header-timeout", LIMIT.toString(),
                "novai.http.body-idle-timeout", LIMIT.toString(),
                "novai.http.body-grace", LIMIT.toString(),
                "novai.http.body-min-bytes-per-second", "200",
                "novai.http.max-connections-per-address", Integer.toString(MAX_PER_ADDRESS)));
        http = new Http(cluster.gatewayPort());
        cluster.awaitChatServed(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void halfSentHeaderBlocksAreAnswered408AndClosed() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        List<Long> started = new ArrayList<>();
        try {
            // from another address each, so that the per-address cap is not what closes them
            for (int i = 0; i < 20; i++) {
                Socket socket = connect("127.0.1." + (i + 1));
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + NovaiCluster.DEV_KEY + "\r\nContent-Ty")
                                                       .getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
                started.add(System.nanoTime());
            }
            for (int i = 0; i < sockets.size(); i++) {
                Answer answer = readAll(sockets.get(i));
                assertThat(answer.toString(), answer.status(), is(408));
                assertThat(answer.json().path("error").path("code").asText(), is("request_timeout"));
                assertThat(Duration.ofNanos(answer.endedAt() - started.get(i)), lessThan(BOUND));
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertServed();
    }

    @Test
    void aStalledBodyIsAnswered408AndClosed() throws Exception {
        try (Socket socket = connect("127.0.2.1")) {
            long start = System.nanoTime();
            socket.getOutputStream().write(head("/v1/chat/completions", CHAT.length()));
            socket.getOutputStream().write(CHAT.substring(0, 10).getBytes(StandardCharsets.UTF_8));
            Answer answer = readAll(socket);
            assertThat(answer.toString(), answer.status(), is(408));
            assertThat(answer.json().path("error").path("message").asText(), startsWith("The request body stalled"));
            assertThat(Duration.ofNanos(answer.endedAt() - start), lessThan(BOUND));
        }
        assertServed();
    }

    @Test
    void aBodySentAtOneBytePerSecondIsCut() throws Exception {
        try (Socket socket = connect("127.0.2.2")) {
            long start = System.nanoTime();
            socket.getOutputStream().write(head("/v1/chat/completions", CHAT.length()));
            Thread.ofVirtual().start(() -> {
                try {
                    for (byte b : CHAT.getBytes(StandardCharsets.UTF_8)) {
                        socket.getOutputStream().write(b);
                        Thread.sleep(500);
                    }
                } catch (IOException | InterruptedException e) {
                    // cut, as expected
                }
            });
            Answer answer = readAll(socket);
            assertThat(answer.toString(), answer.status(), is(408));
            assertThat(answer.json().path("error").path("message").asText(),
                       startsWith("The request body arrived slower than"));
            assertThat(Duration.ofNanos(answer.endedAt() - start), lessThan(BOUND));
        }
    }

    @Test
    void aBodyThatKeepsComingAtAModestRateIsServed() throws Exception {
        // 4 s of body at ~1 KB/s (5x the minimum rate), in 256-byte pieces
        String content = "x".repeat(4_000);
        byte[] body = CHAT.replace("\"hi\"", "\"" + content + "\"").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect("127.0.2.3")) {
            socket.getOutputStream().write(head("/v1/chat/completions", body.length));
            for (int offset = 0; offset < body.length; offset += 256) {
                socket.getOutputStream().write(body, offset, Math.min(256, body.length - offset));
                Thread.sleep(250);
            }
            Answer answer = readResponse(socket);
            assertThat(answer.toString(), answer.status(), is(200));
        }
    }

    @Test
    void aStalledBodyNobodyReadsIsCutToo() throws Exception {
        // refused before its body matters (no key): the body is still read under the same limits
        try (Socket socket = connect("127.0.2.4")) {
            long start = System.nanoTime();
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\"")
                                                   .getBytes(StandardCharsets.US_ASCII));
            Answer answer = readAll(socket);
            assertThat(answer.toString(), answer.status(), is(408));
            assertThat(Duration.ofNanos(answer.endedAt() - start), lessThan(BOUND));
        }
    }

    @Test
    void oversizedHeadersAre431AndAnOverlongUrlIs414() throws Exception {
        try (Socket socket = connect("127.0.3.1")) {
            socket.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + NovaiCluster.DEV_KEY + "\r\nX-Filler: " + "f".repeat(20_000) + "\r\n\r\n")
                                                   .getBytes(StandardCharsets.US_ASCII));
            Answer answer = readResponse(socket);
            assertThat(answer.toString(), answer.status(), is(431));
            assertOpenAiError(answer, "request_header_fields_too_large");
        }
        try (Socket socket = connect("127.0.3.2")) {
            socket.getOutputStream().write(("GET /v1/models?x=" + "u".repeat(70_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + NovaiCluster.DEV_KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Answer answer = readResponse(socket);
            assertThat(answer.toString(), answer.status(), is(414));
            assertOpenAiError(answer, "uri_too_long");
        }
        // beyond what is read at all: still OpenAI-shaped (sent whole, so that the answer is not lost to a reset)
        try (Socket socket = connect("127.0.3.3")) {
            socket.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: "
                    + "f".repeat(70_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            Answer answer = readAll(socket);
            assertThat(answer.toString(), answer.status(), is(400));
            assertOpenAiError(answer, "invalid_request");
        }
        assertServed();
    }

    @Test
    void connectionsOverThePerAddressCapAreRefusedAndOtherAddressesAreServed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_ADDRESS; i++) {
                Socket socket = connect("127.0.4.1");
                socket.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + NovaiCluster.DEV_KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(socket).status(), is(200));
                held.add(socket);
            }
            try (Socket over = connect("127.0.4.1")) {
                Answer answer = readAll(over);
                assertThat(answer.toString(), answer.status(), is(429));
                assertOpenAiError(answer, "too_many_connections");
            }
            assertServed();
            held.removeFirst().close();
            // the count follows closed connections
            long deadline = System.nanoTime() + BOUND.toNanos();
            int status;
            do {
                try (Socket again = connect("127.0.4.1")) {
                    again.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                            + "Bearer " + NovaiCluster.DEV_KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    status = readResponse(again).status();
                }
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status, is(200));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    // a request that needs no backend (the admin API reads the database), so that only the gateway is judged
    private static void assertServed() {
        var response = http.send(http.request("/v1/admin/keys").header("Authorization", "Bearer " + NovaiCluster.ADMIN_TOKEN)
                                         .GET().build());
        assertThat(response.body(), response.statusCode(), is(200));
    }

    private static void assertOpenAiError(Answer answer, String code) {
        JsonNode error = answer.json().path("error");
        assertThat(answer.toString(), error.path("code").asText(), is(code));
        assertThat(answer.toString(), error.path("type").asText(), is("invalid_request_error"));
        assertThat(answer.toString(), error.has("message") && error.has("param"), is(true));
    }

    private static byte[] head(String path, int contentLength) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + NovaiCluster.DEV_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static Socket connect(String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", cluster.gatewayPort()), 5_000);
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** What came back: the status (-1 if none), the body, and when the connection ended or the answer was read. */
    record Answer(int status, String head, String body, long endedAt) {
        JsonNode json() {
            return Http.json(body);
        }
    }

    /** Reads until the server closes the connection (or 15 s pass). */
    static Answer readAll(Socket socket) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was not closed within 15 s: " + bytes);
        } catch (IOException reset) {
            // a reset after the answer: what was read counts
        }
        return parse(bytes.toString(StandardCharsets.UTF_8), System.nanoTime());
    }

    /** Reads one response with a Content-Length body, leaving the connection open. */
    static Answer readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection ended in the response head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return parse(text + body, System.nanoTime());
    }

    private static Answer parse(String text, long at) {
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Answer(-1, text, "", at);
        }
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        return new Answer(Integer.parseInt(text.substring(9, 12)), head, body, at);
    }
}
