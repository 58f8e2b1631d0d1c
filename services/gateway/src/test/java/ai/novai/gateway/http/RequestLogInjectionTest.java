package ai.novai.gateway.http;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A client cannot write into the request log: a path with an encoded line break or bytes that are not UTF-8
 * gives one line, with the path as sent (percent-encoded) in one logfmt value — no forged second line, no raw
 * byte.
 */
class RequestLogInjectionTest {

    private static final String FORGED = "2026-12-07T00:00:00Z INFO ai.novai.gateway.requests: request_id=req_forged"
            + " method=POST path=/v1/admin/keys status=201 key=admin";
    private static final String LINE = "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z INFO ai\\.novai\\.gateway\\.requests: "
            + "request_id=req_\\w+ method=GET path=\\S+ status=404 latency_ms=[0-9.]+ key=-";

    @Test
    void encodedLineBreaksAndInvalidUtf8StayInOneEscapedValue() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RequestLog log = new RequestLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.addFeature(new RequestIds()).addFeature(log))
                .build().start();
        try {
            get(server.port(), "/v1/zz%0A" + FORGED.replace(" ", "%20"));
            get(server.port(), "/v1/zz%0D%0A%E2%80%A8%FF%C3%28%00");
        } finally {
            server.stop();
            log.close();
        }

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines, hasSize(2));
        for (String line : lines) {
            assertThat(line, line.matches(LINE), is(true));
            assertThat(line, line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), is(true));
        }
        assertThat(lines.toString(), not(containsString(" status=201")));
        assertThat(lines.toString(), containsString("path=\"/v1/zz%0A2026-12-07T00:00:00Z%20INFO"));
    }

    private static void get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                              .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            assertThat(status, containsString(" 404 "));
        }
    }
}
