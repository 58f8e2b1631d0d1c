package ai.novai.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.MultipartForm;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * A 60 MB upload goes to the database in parts while it arrives, and comes back the same, without the gateway
 * ever holding it: half way through, the upload stops sending until the test saw its first 20 parts in
 * PostgreSQL and the heap (after a full collection) had not grown by the size received. Uploads are not capped
 * at the JSON endpoints' 20 MB, which keep that cap.
 */
class FileUploadStreamingTest {

    private static final long FILE_BYTES = 60L * 1024 * 1024;
    private static final long PAUSE_AT = 30L * 1024 * 1024;

    private static TestDatabase postgres;
    private static NovaiCluster cluster;

    @BeforeAll
    static void start() {
        postgres = TestDatabases.postgres();
        Map<String, String> settings = new HashMap<>(postgres.gatewaySettings());
        // the upload pauses while the test looks: longer than that, so that it is not cut as a slow sender
        settings.put("novai.http.body-idle-timeout", "PT30S");
        cluster = NovaiCluster.start(Map.of(), Map.of(), settings);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        postgres.close();
    }

    @Test
    void a60MegabyteUploadIsStoredInPartsAsItArrivesAndDownloadedTheSame() throws Exception {
        long start = System.nanoTime();
        long heapBefore = heapAfterCollection();
        MultipartForm form = new MultipartForm("60mb-streaming").field("purpose", "batch");
        byte[] head = concat(form.open(), ("--60mb-streaming\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"big.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        byte[] tail = concat("\r\n".getBytes(StandardCharsets.UTF_8), form.closing());
        GeneratedUpload upload = new GeneratedUpload(head, FILE_BYTES, tail, PAUSE_AT);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.baseUrl() + "/files"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> upload),
                                                               head.length + FILE_BYTES + tail.length))
                .build();

        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        assertThat("the upload reached its pause", upload.paused.await(30, TimeUnit.SECONDS), is(true));
        long partsWhilePaused = awaitParts(20);
        long heapWhilePaused = heapAfterCollection();
        upload.resume.countDown();
        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);

        assertThat(response.body(), response.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("OpenAIFile", response.body());
        JsonNode file = Http.json(response);
        assertThat(file.path("bytes").asLong(), is(FILE_BYTES));
        System.out.printf("60 MB upload: %d parts stored while paused at 30 MB; heap after GC %d MB before, %d MB "
                                  + "while paused%n", partsWhilePaused, heapBefore >> 20, heapWhilePaused >> 20);
        assertThat("parts stored before the upload ended", partsWhilePaused, greaterThanOrEqualTo(20L));
        assertThat("heap growth with 30 MB received (bytes)", heapWhilePaused - heapBefore, lessThan(PAUSE_AT / 2));
        assertThat(parts(file.path("id").asText()), is(60L));

        HttpResponse<InputStream> content = client.send(
                HttpRequest.newBuilder(URI.create(cluster.baseUrl() + "/files/" + file.path("id").asText() + "/content"))
                        .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(content.statusCode(), is(200));
        assertThat(content.headers().firstValueAsLong("content-length").orElse(-1), is(FILE_BYTES));
        assertThat(digest(content.body()), is(upload.contentDigest()));
        assertThat("seconds for the whole round trip", Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                   lessThan(20L));
    }

    @Test
    void theJsonEndpointsKeepTheir20MegabyteCap() {
        Http http = new Http(cluster.gatewayPort());
        HttpResponse<String> response = http.send(http.request("/v1/chat/completions")
                                                          .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                                          .header("Content-Type", "application/json")
                                                          .POST(HttpRequest.BodyPublishers.ofByteArray(
                                                                  new byte[21 * 1024 * 1024]))
                                                          .build());

        assertThat(response.statusCode(), is(413));
        assertThat(Http.json(response).path("error").path("code").asText(), is("request_too_large"));
    }

    // --- the upload -----------------------------------------------------------------------------------

    /** A multipart body made up as it is read: head, generated content, tail; it stops once, half way. */
    private static final class GeneratedUpload extends InputStream {
        private final byte[] head;
        private final long contentBytes;
        private final byte[] tail;
        private final long pauseAt;
        private final MessageDigest digest = sha256();
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch resume = new CountDownLatch(1);
        private long position;

        GeneratedUpload(byte[] head, long contentBytes, byte[] tail, long pauseAt) {
            this.head = head;
            this.contentBytes = contentBytes;
            this.tail = tail;
            this.pauseAt = pauseAt;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            long total = head.length + contentBytes + tail.length;
            if (position == total) {
                return -1;
            }
            if (position == head.length + pauseAt && resume.getCount() > 0) {
                paused.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            long until = Math.min(total, position < head.length + pauseAt ? head.length + pauseAt : total);
            int n = (int) Math.min(length, until - position);
            for (int i = 0; i < n; i++) {
                into[offset + i] = byteAt(position + i);
            }
            long contentStart = Math.max(position, head.length);
            long contentEnd = Math.min(position + n, head.length + contentBytes);
            if (contentEnd > contentStart) {
                digest.update(into, offset + (int) (contentStart - position), (int) (contentEnd - contentStart));
            }
            position += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        // JSONL-looking lines whose bytes depend on where they are
        private byte byteAt(long at) {
            if (at < head.length) {
                return head[(int) at];
            }
            long inContent = at - head.length;
            if (inContent < contentBytes) {
                return inContent % 100 == 99 ? (byte) '\n' : (byte) ('a' + (inContent * 31 + inContent / 100) % 26);
            }
            return tail[(int) (inContent - contentBytes)];
        }

        String contentDigest() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static long heapAfterCollection() {
        ManagementFactory.getMemoryMXBean().gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long awaitParts(long wanted) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long parts = allParts();
        while (parts < wanted && System.nanoTime() < deadline) {
            Thread.sleep(50);
            parts = allParts();
        }
        return parts;
    }

    private static long allParts() throws SQLException {
        return count("SELECT COUNT(*) FROM file_parts", null);
    }

    private static long parts(String fileId) throws SQLException {
        return count("SELECT COUNT(*) FROM file_parts WHERE file_id = ?", fileId);
    }

    private static long count(String sql, String parameter) throws SQLException {
        String url = postgres.config().get("url").asString().get();
        String user = postgres.config().get("username").asString().get();
        try (Connection connection = DriverManager.getConnection(url, user, "");
             var statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String digest(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
