package ai.novai.gateway.backends;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.embedding.EmbeddingMain;
import ai.novai.gateway.GatewayMain;
import ai.novai.gateway.RunningGateway;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.InferenceMain;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A stream in flight while the gateway resolves its backends' names again runs to its end. The gateway used to put
 * its channels into idle to re-resolve, which shut their subchannels down: every stream in flight failed
 * ("Subchannel shutdown invoked") once a minute, 5,000 of 5,000 held streams in the benchmark. Here a client reads a
 * long stream slowly (a small receive buffer, a pause), so that the stream stays in flight across several
 * re-resolutions.
 */
class StreamsAcrossReResolutionTest {

    @Test
    void aStreamInFlightOutlivesSeveralReResolutions() throws Exception {
        GrpcBackendServer inference = InferenceMain.start(NovaiCluster.backendConfig());
        GrpcBackendServer embedding = EmbeddingMain.start(NovaiCluster.backendConfig());
        Path data = Files.createTempDirectory("novai-re-resolution-");
        try (RunningGateway gateway = GatewayMain.start(NovaiCluster.gatewayConfig(data, 0, embedding.port(), Map.of(
                "novai.backends.inference.target", "dns:///127.0.0.1:" + inference.port(),
                "novai.backends.re-resolve-period", "PT0.2S")));
             Socket client = new Socket()) {
            client.setReceiveBufferSize(8192);
            client.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            client.setSoTimeout(30_000);
            send(client.getOutputStream(), gateway.port(), "word ".repeat(1_000));
            InputStream in = client.getInputStream();
            in.readNBytes(1_000);

            // the gateway holds the rest in a window of chunks, inference the stream: across ten re-resolutions
            Thread.sleep(2_000);

            String rest = readToEnd(in);
            assertThat("an error event in the stream", rest.contains("\"error\""), is(false));
            assertThat("the stream's end", rest.contains("data: [DONE]"), is(true));
        } finally {
            inference.close();
            embedding.close();
        }
    }

    private static void send(OutputStream out, int port, String words) throws IOException {
        byte[] body = ("{\"model\":\"novai-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + words.strip() + "\"}]}").getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                + NovaiCluster.DEV_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    // until the stream's last event, or the connection's end
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            all.write(buffer, 0, read);
            if (all.toString(StandardCharsets.UTF_8).contains("data: [DONE]")) {
                break;
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
