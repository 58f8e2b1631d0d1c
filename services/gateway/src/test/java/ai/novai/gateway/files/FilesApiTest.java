package ai.novai.gateway.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import ai.novai.gateway.testing.Http;
import com.openai.client.OpenAIClient;
import com.openai.errors.NotFoundException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileDeleted;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.MultipartForm;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * {@code /v1/files} end to end on a running gateway (H2, its files capped at 1 MiB and swept every 200 ms):
 * upload in either field order, list and page, retrieve, download, delete; ownership between keys and the admin
 * token; expiry; every refusal an OpenAI-shaped 4xx. Every answer is checked against OpenAI's schema and NovAI's.
 */
class FilesApiTest {

    private static final long MAX_BYTES = 1024 * 1024;
    private static final byte[] JSONL = ("{\"custom_id\":\"r1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
            + "\"body\":{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n")
            .getBytes(StandardCharsets.UTF_8);

    private static NovaiCluster cluster;
    private static Http http;
    private static Keys alice;
    private static Keys bob;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start(Map.of(), Map.of(), Map.of("novai.files.max-bytes", Long.toString(MAX_BYTES),
                                                                "novai.files.sweep-interval", "PT0.2S"));
        http = new Http(cluster.gatewayPort());
        alice = Keys.create(http, "{\"name\":\"files-alice\"}");
        bob = Keys.create(http, "{\"name\":\"files-bob\"}");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void uploadsListsRetrievesDownloadsAndDeletesAFile() {
        HttpResponse<String> uploaded = upload(alice, new MultipartForm("----sdk1").field("purpose", "batch")
                .file("file", "nightly.jsonl", JSONL));

        JsonNode file = assertFile(uploaded);
        String id = file.path("id").asText();
        assertThat(id, startsWith("file-"));
        assertThat(file.path("bytes").asLong(), is((long) JSONL.length));
        assertThat(file.path("filename").asText(), is("nightly.jsonl"));
        assertThat(file.path("purpose").asText(), is("batch"));
        assertThat(file.path("status").asText(), is("processed"));
        long now = Instant.now().getEpochSecond();
        assertThat(Math.abs(file.path("created_at").asLong() - now), lessThan(60L));
        assertThat(file.path("expires_at").asLong(), is(file.path("created_at").asLong() + 30L * 24 * 3600));

        assertThat(assertFile(get(alice, "/v1/files/" + id)), is(file));
        assertThat(ids(assertList(get(alice, "/v1/files"))), hasItem(id));

        HttpResponse<byte[]> content = http.sendBytes(alice.request(http, "/v1/files/" + id + "/content")
                                                              .header("Accept", "application/binary").GET().build());
        assertThat(content.statusCode(), is(200));
        assertThat(content.headers().firstValue("content-type").orElse(""), startsWith("application/octet-stream"));
        assertThat(content.headers().firstValue("content-disposition").orElse(""),
                   is("attachment; filename=\"nightly.jsonl\""));
        assertThat(content.headers().firstValue("x-request-id").isPresent(), is(true));
        assertArrayEquals(JSONL, content.body());

        HttpResponse<String> deleted = http.send(alice.request(http, "/v1/files/" + id).DELETE().build());
        assertThat(deleted.body(), deleted.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("DeleteFileResponse", deleted.body());
        OpenAiSchemas.assertValidNovai("DeleteFileResponse", deleted.body());
        assertThat(Http.json(deleted).path("id").asText(), is(id));
        assertThat(Http.json(deleted).path("deleted").asBoolean(), is(true));

        assertError(get(alice, "/v1/files/" + id), 404, "file_not_found");
        assertError(get(alice, "/v1/files/" + id + "/content"), 404, "file_not_found");
        assertError(http.send(alice.request(http, "/v1/files/" + id).DELETE().build()), 404, "file_not_found");
        assertThat(ids(assertList(get(alice, "/v1/files"))), not(hasItem(id)));
        assertThat(partsOf(id), is(0L));
    }

    @Test
    void theFileMayComeBeforeThePurposeAndOtherFieldsAreIgnored() {
        HttpResponse<String> uploaded = upload(alice, new MultipartForm("curl-like")
                .file("file", "C:\\Users\\me\\evals\\late-purpose.jsonl", JSONL)
                .field("comment", "not an OpenAI field")
                .field("purpose", "batch"));

        JsonNode file = assertFile(uploaded);
        assertThat(file.path("filename").asText(), is("late-purpose.jsonl"));
        assertArrayEquals(JSONL, http.sendBytes(alice.request(http, "/v1/files/" + file.path("id").asText()
                + "/content").GET().build()).body());
    }

    @Test
    void expiresAfterSetsTheExpiryAndIsChecked() {
        JsonNode file = assertFile(upload(alice, new MultipartForm("x").field("purpose", "batch")
                .field("expires_after[anchor]", "created_at").field("expires_after[seconds]", "3600")
                .file("file", "hour.jsonl", JSONL)));
        assertThat(file.path("expires_at").asLong(), is(file.path("created_at").asLong() + 3600));

        String[][] wrong = {
                {"created_at", "3599", "expires_after[seconds]", "invalid_value"},
                {"created_at", "2592001", "expires_after[seconds]", "invalid_value"},
                {"created_at", "1e4", "expires_after[seconds]", "invalid_value"},
                {"last_active_at", "3600", "expires_after[anchor]", "invalid_value"},
                {null, "3600", "expires_after[anchor]", "missing_required_parameter"},
                {"created_at", null, "expires_after[seconds]", "missing_required_parameter"}};
        for (String[] fields : wrong) {
            MultipartForm form = new MultipartForm("x").field("purpose", "batch");
            if (fields[0] != null) {
                form.field("expires_after[anchor]", fields[0]);
            }
            if (fields[1] != null) {
                form.field("expires_after[seconds]", fields[1]);
            }
            JsonNode error = assertError(upload(alice, form.file("file", "f.jsonl", JSONL)), 400, fields[3]);
            assertThat(String.join(",", java.util.Arrays.asList(fields)), error.path("param").asText(), is(fields[2]));
        }
    }

    @Test
    void listsPageByPageInBothOrdersWithOpenAisCursor() {
        Keys carol = Keys.create(http, "{\"name\":\"files-carol\"}");
        JsonNode empty = assertList(get(carol, "/v1/files"));
        assertThat(empty.path("first_id").asText("null"), is(""));
        assertThat(empty.path("last_id").asText("null"), is(""));
        assertThat(empty.path("has_more").asBoolean(), is(false));

        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            uploaded.add(assertFile(upload(carol, new MultipartForm("p" + i).field("purpose", "batch")
                    .file("file", "page-" + i + ".jsonl", JSONL))).path("id").asText());
        }
        List<String> newestFirst = ids(assertList(get(carol, "/v1/files")));
        assertThat(newestFirst.size(), is(5));
        assertThat(List.copyOf(new java.util.TreeSet<>(newestFirst)), is(List.copyOf(new java.util.TreeSet<>(uploaded))));

        JsonNode first = assertList(get(carol, "/v1/files?limit=2"));
        assertThat(ids(first), is(newestFirst.subList(0, 2)));
        assertThat(first.path("has_more").asBoolean(), is(true));
        assertThat(first.path("first_id").asText(), is(newestFirst.get(0)));
        assertThat(first.path("last_id").asText(), is(newestFirst.get(1)));
        JsonNode second = assertList(get(carol, "/v1/files?limit=2&after=" + first.path("last_id").asText()));
        assertThat(ids(second), is(newestFirst.subList(2, 4)));
        JsonNode last = assertList(get(carol, "/v1/files?limit=2&after=" + second.path("last_id").asText()));
        assertThat(ids(last), is(newestFirst.subList(4, 5)));
        assertThat(last.path("has_more").asBoolean(), is(false));

        assertThat(ids(assertList(get(carol, "/v1/files?order=asc"))), is(newestFirst.reversed()));
        assertThat(ids(assertList(get(carol, "/v1/files?purpose=batch&order=desc&limit=10000"))), is(newestFirst));
        assertThat(ids(assertList(get(carol, "/v1/files?purpose=batch_output"))), is(List.of()));

        String[][] wrong = {{"limit=0", "limit"}, {"limit=10001", "limit"}, {"limit=ten", "limit"},
                {"order=newest", "order"}, {"purpose=fine-tune", "purpose"}, {"after=file-nope", "after"},
                {"after=../etc", "after"}, {"after=" + uploaded.getFirst().replace("file-", "file-0"), "after"}};
        for (String[] query : wrong) {
            JsonNode error = assertError(get(carol, "/v1/files?" + query[0]), 400, "invalid_value");
            assertThat(query[0], error.path("param").asText(), is(query[1]));
        }
        // another key's file is no cursor
        assertError(get(bob, "/v1/files?after=" + uploaded.getFirst()), 400, "invalid_value");
    }

    @Test
    void aKeySeesOnlyItsOwnFilesAndTheAdminTokenSeesAll() {
        String id = assertFile(upload(alice, new MultipartForm("own").field("purpose", "batch")
                .file("file", "alice.jsonl", JSONL))).path("id").asText();

        assertError(get(bob, "/v1/files/" + id), 404, "file_not_found");
        assertError(get(bob, "/v1/files/" + id + "/content"), 404, "file_not_found");
        assertError(http.send(bob.request(http, "/v1/files/" + id).DELETE().build()), 404, "file_not_found");
        assertThat(ids(assertList(get(bob, "/v1/files"))), not(hasItem(id)));

        HttpResponse<String> asAdmin = http.send(Keys.admin(http, "/v1/files/" + id).GET().build());
        assertFile(asAdmin);
        assertThat(ids(assertList(http.send(Keys.admin(http, "/v1/files?limit=10000").GET().build()))), hasItem(id));
        HttpResponse<byte[]> content = http.sendBytes(Keys.admin(http, "/v1/files/" + id + "/content").GET().build());
        assertArrayEquals(JSONL, content.body());
        assertError(upload(Keys.admin(http, "/v1/files"), new MultipartForm("adm").field("purpose", "batch")
                .file("file", "admin.jsonl", JSONL)), 403, "api_key_required");

        HttpResponse<String> deleted = http.send(Keys.admin(http, "/v1/files/" + id).DELETE().build());
        assertThat(deleted.body(), deleted.statusCode(), is(200));
        assertError(get(alice, "/v1/files/" + id), 404, "file_not_found");

        HttpRequest wrongToken = http.request("/v1/files").header("Authorization", "Bearer not-the-admin-token")
                .GET().build();
        assertError(http.send(wrongToken), 401, "invalid_api_key");
    }

    @Test
    void aPurposeOtherThanBatchIsRefusedAndNothingIsKept() {
        long before = allParts();
        for (String purpose : List.of("fine-tune", "assistants", "batch_output", "BATCH", "")) {
            JsonNode first = assertError(upload(alice, new MultipartForm("w").field("purpose", purpose)
                    .file("file", "f.jsonl", JSONL)), 400, "invalid_value");
            assertThat(first.path("param").asText(), is("purpose"));
            JsonNode after = assertError(upload(alice, new MultipartForm("w").file("file", "f.jsonl", JSONL)
                    .field("purpose", purpose)), 400, "invalid_value");
            assertThat(after.path("param").asText(), is("purpose"));
        }
        assertThat(allParts(), is(before));
    }

    @Test
    void missingEmptyAndRepeatedFieldsAreRefused() {
        assertThat(assertError(upload(alice, new MultipartForm("m").field("purpose", "batch")), 400,
                               "missing_required_parameter").path("param").asText(), is("file"));
        assertThat(assertError(upload(alice, new MultipartForm("m").file("file", "f.jsonl", JSONL)), 400,
                               "missing_required_parameter").path("param").asText(), is("purpose"));
        assertThat(assertError(upload(alice, new MultipartForm("m").field("purpose", "batch")
                .file("file", "empty.jsonl", new byte[0])), 400, "empty_file").path("param").asText(), is("file"));
        // RFC 7578 makes the filename optional (openai-java sends none for bytes): the file is named "file"
        assertThat(assertFile(upload(alice, new MultipartForm("m").field("purpose", "batch")
                .field("file", "{}"))).path("filename").asText(), is("file"));
        assertThat(assertFile(upload(alice, new MultipartForm("m").field("purpose", "batch")
                .file("file", "dir/", JSONL))).path("filename").asText(), is("file"));
        assertError(upload(alice, new MultipartForm("m").field("purpose", "batch").field("purpose", "batch")
                .file("file", "f.jsonl", JSONL)), 400, "invalid_value");
        assertError(upload(alice, new MultipartForm("m").field("purpose", "batch").file("file", "a.jsonl", JSONL)
                .file("file", "b.jsonl", JSONL)), 400, "invalid_value");
        assertError(upload(alice, new MultipartForm("m").field("purpose", "batch")
                .file("file", "x".repeat(513), JSONL)), 400, "invalid_value");
        assertError(upload(alice, new MultipartForm("m").field("purpose", "batch")
                .file("file", "tab\there.jsonl", JSONL)), 400, "invalid_value");
        assertThat(assertFile(upload(alice, new MultipartForm("m").field("purpose", "batch")
                .file("file", "x".repeat(512), JSONL))).path("filename").asText().length(), is(512));
    }

    @Test
    void bodiesThatAreNotMultipartFormsAreRefused() {
        HttpResponse<String> json = http.send(alice.request(http, "/v1/files")
                                                      .POST(HttpRequest.BodyPublishers.ofString("{\"purpose\":\"batch\"}"))
                                                      .build());
        assertThat(assertError(json, 400, "unsupported_content_type").path("message").asText(),
                   containsString("multipart/form-data"));
        assertError(http.send(http.request("/v1/files").header("Authorization", "Bearer " + alice.secret())
                                      .POST(HttpRequest.BodyPublishers.ofString("purpose=batch")).build()),
                    400, "unsupported_content_type");
        assertError(send(alice, "multipart/form-data", "--x\r\n".getBytes(StandardCharsets.UTF_8)), 400,
                    "invalid_multipart");
        assertError(send(alice, "multipart/form-data; boundary=" + "b".repeat(71), new byte[10]), 400,
                    "invalid_multipart");
        assertError(send(alice, "multipart/form-data; boundary=\"bad\u00e9\"", new byte[10]), 400,
                    "invalid_multipart");
        assertError(send(alice, "multipart/form-data; boundary=right", new MultipartForm("wrong")
                .field("purpose", "batch").bytes()), 400, "invalid_multipart");
        byte[] cut = new MultipartForm("cut").field("purpose", "batch").file("file", "f.jsonl", JSONL).open();
        assertError(send(alice, "multipart/form-data; boundary=cut", cut), 400, "invalid_multipart");
    }

    @Test
    void aDeclaredLengthFarOverTheCapIsRefusedBeforeAnyOfTheBodyIsReadAndNoneOfItIsReadAfter() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", cluster.gatewayPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/files HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + alice.secret()
                    + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " + (MAX_BYTES + 50_000_000)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = rawAnswer(socket.getInputStream());
            assertThat(answer, startsWith("HTTP/1.1 413"));
            assertThat(answer, containsString("Connection: close"));
            assertThat(answer, containsString("\"code\":\"file_too_large\""));

            // what follows is the body nobody read, never a request: the connection closes unanswered
            out.write(("GET /v1/files HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + alice.secret() + "\r\n\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(socket.getInputStream().readAllBytes().length, is(0));
        }
    }

    @Test
    void aChunkedUploadOverTheCapIsCutWith413AndNothingIsKept() {
        long before = allParts();
        MultipartForm form = new MultipartForm("chunky").field("purpose", "batch");
        byte[] head = new MultipartForm("chunky").field("purpose", "batch").open();
        byte[] fileHead = ("--chunky\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jsonl\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(head), new ByteArrayInputStream(fileHead),
                new ByteArrayInputStream(new byte[(int) (3 * MAX_BYTES)]),
                new ByteArrayInputStream(("\r\n").getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream(form.closing()))));

        HttpResponse<String> response = http.send(alice.request(http, "/v1/files")
                                                           .setHeader("Content-Type", form.contentType())
                                                           .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                                                           .build());

        JsonNode error = assertError(response, 413, "file_too_large");
        assertThat(error.path("message").asText(), containsString("1 MB"));
        assertThat(allParts(), is(before));
        // the connection was kept or closed cleanly: the next request is served
        assertThat(get(alice, "/v1/files").statusCode(), is(200));
    }

    @Test
    void idsThatCannotBeFilesAreNotFoundWithoutAQuery() {
        for (String id : List.of("nope", "file-", "file-" + "a".repeat(100), "file-..", "file-%00",
                                 "file-a%0D%0AX-Injected:1", "FILE-abc", "file-" + "é", "file-a.b")) {
            String path = "/v1/files/" + (id.contains("%") ? id : URLEncoder.encode(id, StandardCharsets.UTF_8));
            assertError(get(alice, path), 404, "file_not_found");
            assertError(get(alice, path + "/content"), 404, "file_not_found");
            assertError(http.send(alice.request(http, path).DELETE().build()), 404, "file_not_found");
        }
        // an encoded slash makes another path, which no route serves
        assertError(get(alice, "/v1/files/file-..%2F..%2Fetc"), 404, "unknown_url");
    }

    @Test
    void anExpiredFileIsGoneAtOnceAndSweptWithItsContent() throws SQLException {
        String id = assertFile(upload(alice, new MultipartForm("exp").field("purpose", "batch")
                .file("file", "soon.jsonl", JSONL))).path("id").asText();
        assertThat(partsOf(id), is(1L));

        execute("UPDATE files SET expires_at = ? WHERE id = ?", Timestamp.from(Instant.now().minusSeconds(1)), id);

        assertError(get(alice, "/v1/files/" + id), 404, "file_not_found");
        assertThat(ids(assertList(get(alice, "/v1/files"))), not(hasItem(id)));
        await(() -> count("SELECT COUNT(*) FROM files WHERE id = ?", id) == 0 && partsOf(id) == 0);
    }

    @Test
    void contentAbandonedByACrashedUploadIsSweptOnceItIsOld() throws SQLException {
        String crashed = "file-crashed0000000000000001";
        String recent = "file-crashed0000000000000002";
        execute("INSERT INTO file_parts (file_id, part, data, written_at) VALUES (?, 0, ?, ?)", crashed,
                new byte[] {1, 2, 3}, Timestamp.from(Instant.now().minus(Duration.ofHours(2))));
        execute("INSERT INTO file_parts (file_id, part, data, written_at) VALUES (?, 0, ?, ?)", recent,
                new byte[] {1, 2, 3}, Timestamp.from(Instant.now().minus(Duration.ofMinutes(5))));

        await(() -> partsOf(crashed) == 0);
        assertThat(partsOf(recent), is(1L));
    }

    /** {@code com.openai:openai-java}: {@code files().create} from a path and from bytes, list, retrieve, content, delete. */
    @Test
    void theOfficialJavaSdkUploadsListsReadsAndDeletes() throws IOException {
        OpenAIClient client = cluster.openAiClient();
        Path path = Files.createTempFile("java-sdk-", ".jsonl");
        Files.write(path, JSONL);

        FileObject fromPath = client.files().create(FileCreateParams.builder().file(path)
                                                            .purpose(com.openai.models.files.FilePurpose.BATCH)
                                                            .expiresAfter(FileCreateParams.ExpiresAfter.builder()
                                                                                  .seconds(7200).build())
                                                            .build());
        FileObject fromBytes = client.files().create(FileCreateParams.builder().file(JSONL)
                                                             .purpose(com.openai.models.files.FilePurpose.BATCH).build());

        assertThat(fromPath.filename(), is(path.getFileName().toString()));
        assertThat(fromPath.bytes(), is((long) JSONL.length));
        assertThat(fromPath.purpose(), is(FileObject.Purpose.BATCH));
        assertThat(fromPath.status(), is(FileObject.Status.PROCESSED));
        assertThat(fromPath.expiresAt(), is(java.util.Optional.of(fromPath.createdAt() + 7200)));
        assertThat("openai-java sends bytes without a filename", fromBytes.filename(), is("file"));
        assertThat(client.files().retrieve(fromBytes.id()).bytes(), is((long) JSONL.length));
        List<String> listed = new ArrayList<>();
        client.files().list(FileListParams.builder().limit(1).build()).autoPager()
                .forEach(file -> listed.add(file.id()));
        assertThat(listed, hasItem(fromPath.id()));
        assertThat(listed, hasItem(fromBytes.id()));
        try (com.openai.core.http.HttpResponse content = client.files().content(fromPath.id())) {
            assertArrayEquals(JSONL, content.body().readAllBytes());
        }
        FileDeleted deleted = client.files().delete(fromPath.id());
        assertThat(deleted.deleted(), is(true));
        assertThat(deleted.id(), is(fromPath.id()));
        NotFoundException gone = org.junit.jupiter.api.Assertions.assertThrows(
                NotFoundException.class, () -> client.files().retrieve(fromPath.id()));
        assertThat(gone.code(), is(java.util.Optional.of("file_not_found")));
    }

    // --- requests -------------------------------------------------------------------------------------

    private static HttpResponse<String> upload(Keys key, MultipartForm form) {
        return upload(key.request(http, "/v1/files"), form);
    }

    private static HttpResponse<String> upload(HttpRequest.Builder request, MultipartForm form) {
        return http.send(form.post(request).build());
    }

    private static HttpResponse<String> send(Keys key, String contentType, byte[] body) {
        return http.send(key.request(http, "/v1/files").setHeader("Content-Type", contentType)
                                 .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static HttpResponse<String> get(Keys key, String path) {
        return http.send(key.request(http, path).GET().build());
    }

    // --- answers --------------------------------------------------------------------------------------

    private static JsonNode assertFile(HttpResponse<String> response) {
        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(response.headers().firstValue("content-type").orElse(""), startsWith("application/json"));
        OpenAiSchemas.assertValidOpenAi("OpenAIFile", response.body());
        OpenAiSchemas.assertValidNovai("OpenAIFile", response.body());
        return Http.json(response);
    }

    private static JsonNode assertList(HttpResponse<String> response) {
        assertThat(response.body(), response.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("ListFilesResponse", response.body());
        OpenAiSchemas.assertValidNovai("ListFilesResponse", response.body());
        return Http.json(response);
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.body(), response.statusCode(), is(status));
        OpenAiSchemas.assertValidOpenAi("ErrorResponse", response.body());
        JsonNode error = Http.json(response).path("error");
        for (String key : List.of("message", "type", "param", "code")) {
            assertThat(key + " in " + response.body(), error.has(key), is(true));
        }
        assertThat(response.body(), error.path("code").asText(), is(code));
        return error;
    }

    // One response off a socket: its head and its Content-Length body
    private static String rawAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int bytes = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bytes), StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(file -> ids.add(file.path("id").asText()));
        return ids;
    }

    // --- the gateway's database (H2 in this JVM: a second connection to the same file) ----------------

    private static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + cluster.dataDir().resolve("novai").toAbsolutePath()
                                                   + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                                           "sa", "");
    }

    private static void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static long count(String sql, Object... parameters) {
        try (Connection connection = database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long partsOf(String id) {
        return count("SELECT COUNT(*) FROM file_parts WHERE file_id = ?", id);
    }

    private static long allParts() {
        return count("SELECT COUNT(*) FROM file_parts");
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
