package ai.novai.gateway.interop;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import ai.novai.gateway.testing.MultipartForm;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The official {@code openai} Python SDK as the gateway sees it on the wire. PyPI is not reachable from the
 * build, so the SDK is replicated: the exact headers openai-python 1.109.1 (httpx) sends from CPython 3.12
 * on Linux x86-64 ({@code _base_client.py}: {@code default_headers}, {@code platform_headers},
 * {@code _build_headers}; httpx's own defaults), its JSON bodies (base64 embeddings by default), and its SSE
 * reading ({@code _streaming.py}: {@code SSEDecoder}, stop at {@code [DONE]}, an {@code error} member
 * raises).
 */
class PythonSdkHeadersInteropTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static NovaiCluster cluster;
    private static PythonSdk python;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start();
        python = new PythonSdk(cluster.gatewayPort(), NovaiCluster.DEV_KEY);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void listsModels() {
        HttpResponse<byte[]> response = python.send("GET", "/v1/models", null);

        assertThat(text(response), response.statusCode(), is(200));
        assertThat(contentType(response), startsWith("application/json"));
        assertThat(response.headers().firstValue("x-request-id").isPresent(), is(true));
        OpenAiSchemas.assertValidOpenAi("ListModelsResponse", text(response));
        List<String> ids = new ArrayList<>();
        json(text(response)).path("data").forEach(model -> ids.add(model.path("id").asText()));
        assertThat(ids, hasItems("novai-echo", "all-minilm-l6-v2"));
    }

    @Test
    void answersAWholeCompletion() {
        HttpResponse<byte[]> response = python.send("POST", "/v1/chat/completions", chat("Hello from Python"));

        assertThat(text(response), response.statusCode(), is(200));
        assertThat(contentType(response), startsWith("application/json"));
        OpenAiSchemas.assertValidOpenAi("CreateChatCompletionResponse", text(response));
        JsonNode completion = json(text(response));
        assertThat(completion.path("object").asText(), is("chat.completion"));
        assertThat(completion.path("choices").path(0).path("message").path("content").asText(),
                   is("You said: Hello from Python"));
        assertThat(completion.path("choices").path(0).path("finish_reason").asText(), is("stop"));
        assertThat(completion.path("usage").path("completion_tokens").asInt(), greaterThan(0));
    }

    /** {@code client.chat.completions.create(..., stream=True, stream_options={"include_usage": True})}. */
    @Test
    void streamsWithUsageLastWhenTheSdkAcceptsJson() throws IOException {
        ObjectNode body = chat("stream me from Python");
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        HttpResponse<InputStream> response = python.stream("/v1/chat/completions", body);

        try (InputStream stream = PythonSdk.decoded(response.headers(), response.body())) {
            if (response.statusCode() != 200) {
                throw new AssertionError("the Python SDK (Accept: application/json, stream: true) got HTTP "
                        + response.statusCode() + " " + contentType(response) + ": "
                        + new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThat(contentType(response), startsWith("text/event-stream"));
            assertThat(response.headers().firstValue("x-request-id").isPresent(), is(true));
            PythonSdk.Streamed streamed = PythonSdk.readStream(stream);

            assertThat("the stream ends with data: [DONE]", streamed.done(), is(true));
            StringBuilder content = new StringBuilder();
            for (int i = 0; i < streamed.chunks().size(); i++) {
                String data = streamed.chunks().get(i);
                OpenAiSchemas.assertValidOpenAi("CreateChatCompletionStreamResponse", data);
                JsonNode chunk = json(data);
                assertThat(chunk.path("object").asText(), is("chat.completion.chunk"));
                boolean last = i == streamed.chunks().size() - 1;
                assertThat(data, chunk.path("usage").isObject(), is(last));
                chunk.path("choices").forEach(choice -> content.append(choice.path("delta").path("content").asText("")));
            }
            assertThat(content.toString(), is("You said: stream me from Python"));
            JsonNode usage = json(streamed.chunks().getLast());
            assertThat(usage.path("choices").size(), is(0));
            assertThat(usage.path("usage").path("prompt_tokens").asInt(), greaterThan(0));
            assertThat(usage.path("usage").path("completion_tokens").asInt(), greaterThan(0));
            assertThat(usage.path("usage").path("total_tokens").asInt(),
                       is(usage.path("usage").path("prompt_tokens").asInt()
                                  + usage.path("usage").path("completion_tokens").asInt()));
        }
    }

    /** {@code client.embeddings.create(...)}: the SDK asks for base64 and decodes float32 little-endian. */
    @Test
    void embedsInBase64AsTheSdkAsksByDefault() {
        List<String> inputs = List.of("The food was delicious", "The weather is cold");
        ObjectNode base64Body = MAPPER.createObjectNode();
        inputs.forEach(base64Body.putArray("input")::add);
        base64Body.put("model", "all-minilm-l6-v2");
        base64Body.put("encoding_format", "base64");
        HttpResponse<byte[]> base64 = python.send("POST", "/v1/embeddings", base64Body);

        assertThat(text(base64), base64.statusCode(), is(200));
        JsonNode answer = json(text(base64));
        assertThat(answer.path("object").asText(), is("list"));
        assertThat(answer.path("model").asText(), is("all-minilm-l6-v2"));
        assertThat(answer.path("data").size(), is(2));
        assertThat(answer.path("usage").path("prompt_tokens").asInt(), greaterThan(0));

        // the same inputs as floats, which OpenAI's schema describes: the decoded vectors must be these
        ObjectNode floatBody = base64Body.deepCopy();
        floatBody.put("encoding_format", "float");
        HttpResponse<byte[]> floats = python.send("POST", "/v1/embeddings", floatBody);
        assertThat(text(floats), floats.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("CreateEmbeddingResponse", text(floats));
        JsonNode expected = json(text(floats)).path("data");

        for (int i = 0; i < inputs.size(); i++) {
            JsonNode item = answer.path("data").path(i);
            assertThat(item.path("object").asText(), is("embedding"));
            assertThat(item.path("index").asInt(), is(i));
            assertThat(item.path("embedding").isTextual(), is(true));
            float[] vector = PythonSdk.decodeBase64Floats(item.path("embedding").asText());
            assertThat(vector.length, is(384));
            JsonNode reference = expected.path(i).path("embedding");
            assertThat(reference.size(), is(384));
            for (int d = 0; d < vector.length; d++) {
                assertThat(Float.isFinite(vector[d]), is(true));
                assertThat((double) vector[d], closeTo(reference.path(d).asDouble(), 1e-6));
            }
        }
    }

    /** What the SDK turns into {@code openai.NotFoundError}: its body, {@code .code} and {@code .request_id}. */
    @Test
    void unknownModelIsAnOpenAiNotFound() {
        HttpResponse<byte[]> response = python.send("POST", "/v1/chat/completions", chat("x").put("model", "gpt-nothing"));

        assertThat(text(response), response.statusCode(), is(404));
        assertThat(contentType(response), startsWith("application/json"));
        assertThat(response.headers().firstValue("x-request-id").orElse(""), startsWith("req_"));
        OpenAiSchemas.assertValidOpenAi("ErrorResponse", text(response));
        JsonNode error = json(text(response)).path("error");
        for (String key : List.of("message", "type", "param", "code")) {
            assertThat("error." + key + " in " + text(response), error.has(key), is(true));
        }
        assertThat(error.path("message").asText(), containsString("gpt-nothing"));
        assertThat(error.path("type").asText(), is("invalid_request_error"));
        assertThat(error.path("param").asText(), is("model"));
        assertThat(error.path("code").asText(), is("model_not_found"));
    }

    /**
     * The JDK client refuses to set {@code Connection}, so the complete header block, byte for byte as httpx
     * writes it, goes over a plain socket: twice on one connection, as httpx's pool reuses it.
     */
    @Test
    void theWholeHeaderBlockOnOneKeptAliveConnection() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", cluster.gatewayPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 2; i++) {
                out.write(python.rawRequest("GET", "/v1/models", null));
                out.flush();
                RawResponse response = RawResponse.read(in);
                assertThat(response.body(), response.status(), is(200));
                assertThat(response.headers().getOrDefault("connection", "keep-alive"), is("keep-alive"));
                OpenAiSchemas.assertValidOpenAi("ListModelsResponse", response.body());
            }
            out.write(python.rawRequest("POST", "/v1/chat/completions", chat("same connection")));
            out.flush();
            RawResponse response = RawResponse.read(in);
            assertThat(response.body(), response.status(), is(200));
            assertThat(json(response.body()).path("choices").path(0).path("message").path("content").asText(),
                       is("You said: same connection"));
        }
    }

    /**
     * {@code client.files.create(file=open("requests.jsonl", "rb"), purpose="batch")} on the wire: the SDK drops its
     * JSON Content-Type and httpx writes the form (data fields first, so {@code purpose} before {@code file}, the
     * file with its name and {@code application/octet-stream}) under a 32-hex-digit boundary, with a
     * Content-Length; then {@code files.list()}, {@code files.retrieve()}, {@code files.content()} (which asks for
     * {@code Accept: application/binary}) and {@code files.delete()}.
     */
    @Test
    void uploadsListsDownloadsAndDeletesAFileAsTheSdkDoes() throws IOException {
        byte[] content = ("{\"custom_id\":\"py-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n")
                .repeat(5).getBytes(StandardCharsets.UTF_8);
        RawResponse created;
        try (Socket socket = new Socket("127.0.0.1", cluster.gatewayPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(python.rawUpload("/v1/files", "batch", "requests.jsonl", content));
            socket.getOutputStream().flush();
            created = RawResponse.read(socket.getInputStream());
        }
        assertThat(created.body(), created.status(), is(200));
        assertThat(created.headers().get("content-type"), startsWith("application/json"));
        OpenAiSchemas.assertValidOpenAi("OpenAIFile", created.body());
        JsonNode file = json(created.body());
        String id = file.path("id").asText();
        assertThat(file.path("filename").asText(), is("requests.jsonl"));
        assertThat(file.path("bytes").asInt(), is(content.length));
        assertThat(file.path("purpose").asText(), is("batch"));

        HttpResponse<byte[]> listed = python.send("GET", "/v1/files", null);
        assertThat(text(listed), listed.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("ListFilesResponse", text(listed));
        List<String> ids = new ArrayList<>();
        json(text(listed)).path("data").forEach(item -> ids.add(item.path("id").asText()));
        assertThat(ids, hasItems(id));

        HttpResponse<byte[]> retrieved = python.send("GET", "/v1/files/" + id, null);
        assertThat(text(retrieved), retrieved.statusCode(), is(200));
        assertThat(json(text(retrieved)), is(file));

        HttpResponse<byte[]> downloaded = python.download("/v1/files/" + id + "/content");
        assertThat(downloaded.statusCode(), is(200));
        assertThat(contentType(downloaded), startsWith("application/octet-stream"));
        assertThat(text(downloaded), is(new String(content, StandardCharsets.UTF_8)));

        HttpResponse<byte[]> deleted = python.send("DELETE", "/v1/files/" + id, null);
        assertThat(text(deleted), deleted.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("DeleteFileResponse", text(deleted));
        assertThat(json(text(deleted)).path("deleted").asBoolean(), is(true));
        HttpResponse<byte[]> gone = python.send("GET", "/v1/files/" + id, null);
        assertThat(gone.statusCode(), is(404));
        assertThat(json(text(gone)).path("error").path("code").asText(), is("file_not_found"));
    }

    @Test
    void runsABatchFromAnUploadedFileAsTheSdkDoes() throws IOException, InterruptedException {
        byte[] content = ("{\"custom_id\":\"py-a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"from python\"}]}}\n")
                .getBytes(StandardCharsets.UTF_8);
        RawResponse uploaded;
        try (Socket socket = new Socket("127.0.0.1", cluster.gatewayPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(python.rawUpload("/v1/files", "batch", "batch.jsonl", content));
            socket.getOutputStream().flush();
            uploaded = RawResponse.read(socket.getInputStream());
        }
        assertThat(uploaded.body(), uploaded.status(), is(200));
        ObjectNode create = MAPPER.createObjectNode()
                .put("input_file_id", json(uploaded.body()).path("id").asText())
                .put("endpoint", "/v1/chat/completions")
                .put("completion_window", "24h");
        HttpResponse<byte[]> created = python.send("POST", "/v1/batches", create);
        assertThat(text(created), created.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("Batch", text(created));
        String id = json(text(created)).path("id").asText();

        JsonNode batch = json(text(created));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!batch.path("status").asText().equals("completed") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            batch = json(text(python.send("GET", "/v1/batches/" + id, null)));
        }
        assertThat(batch.toString(), batch.path("status").asText(), is("completed"));
        HttpResponse<byte[]> output = python.download("/v1/files/" + batch.path("output_file_id").asText() + "/content");
        JsonNode line = json(text(output).strip());
        assertThat(line.path("custom_id").asText(), is("py-a"));
        assertThat(line.path("response").path("body").path("choices").path(0).path("message").path("content").asText(),
                   is("You said: from python"));
    }

    private static ObjectNode chat(String userMessage) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", userMessage);
        body.put("model", "novai-echo");
        return body;
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("content-type").orElse("");
    }

    private static String text(HttpResponse<byte[]> response) {
        try (InputStream body = PythonSdk.decoded(response.headers(), new ByteArrayInputStream(response.body()))) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code openai} Python SDK 1.109.1 on CPython 3.12.3, Linux x86-64, with its default httpx client: the
     * headers it sends, and how it reads bodies and streams.
     */
    static final class PythonSdk {

        static final String VERSION = "1.109.1";

        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private final int port;
        private final String apiKey;

        PythonSdk(int port, String apiKey) {
            this.port = port;
            this.apiKey = apiKey;
        }

        /**
         * Every header of one request, in httpx's order (its client defaults, updated in place, then the SDK's
         * own); {@code Host} and {@code Content-Length} are the transport's. The SDK drops
         * {@code Content-Type} on GET; {@code X-Stainless-Read-Timeout} is the default 600 s read timeout.
         */
        Map<String, String> headers(String method) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/json");
            headers.put("Accept-Encoding", "gzip, deflate");
            headers.put("Connection", "keep-alive");
            headers.put("User-Agent", "OpenAI/Python " + VERSION);
            headers.put("Authorization", "Bearer " + apiKey);
            if (!method.equals("GET")) {
                headers.put("Content-Type", "application/json");
            }
            headers.put("X-Stainless-Lang", "python");
            headers.put("X-Stainless-Package-Version", VERSION);
            headers.put("X-Stainless-OS", "Linux");
            headers.put("X-Stainless-Arch", "x64");
            headers.put("X-Stainless-Runtime", "CPython");
            headers.put("X-Stainless-Runtime-Version", "3.12.3");
            headers.put("X-Stainless-Async", "false");
            headers.put("x-stainless-retry-count", "0");
            headers.put("x-stainless-read-timeout", "600");
            return headers;
        }

        HttpResponse<byte[]> send(String method, String path, JsonNode body) {
            try {
                return client.send(request(method, path, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** {@code files.content(...)}: a GET that asks for {@code Accept: application/binary}. */
        HttpResponse<byte[]> download(String path) {
            try {
                return client.send(HttpRequest.newBuilder(request("GET", path, null), (name, value) -> true)
                                           .setHeader("Accept", "application/binary").build(),
                                   HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * An upload as httpx writes it for the SDK: Host, the SDK's headers without its JSON Content-Type, then
         * httpx's Content-Length and {@code Content-Type: multipart/form-data; boundary=<os.urandom(16).hex()>};
         * the body is {@code purpose}, then {@code file}.
         */
        byte[] rawUpload(String path, String purpose, String filename, byte[] content) {
            byte[] random = new byte[16];
            new java.security.SecureRandom().nextBytes(random);
            MultipartForm form = new MultipartForm(java.util.HexFormat.of().formatHex(random))
                    .field("purpose", purpose)
                    .file("file", filename, content);
            byte[] body = form.bytes();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            headers("POST").forEach((name, value) -> {
                if (!name.equals("Content-Type")) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("Content-Type: ").append(form.contentType()).append("\r\n\r\n");
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            return request.toByteArray();
        }

        HttpResponse<InputStream> stream(String path, JsonNode body) {
            try {
                return client.send(request("POST", path, body), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        // Connection is the one header the JDK client refuses to set (jdk.httpclient.allowRestrictedHeaders);
        // its HTTP/1.1 connections are persistent, which is all "keep-alive" asks. The raw request sends it.
        private HttpRequest request(String method, String path, JsonNode body) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
            headers(method).forEach((name, value) -> {
                if (!name.equals("Connection")) {
                    builder.header(name, value);
                }
            });
            return builder.build();
        }

        /** The request as httpx writes it: Host first, Content-Length last. */
        byte[] rawRequest(String method, String path, JsonNode body) {
            byte[] content = body == null ? new byte[0] : bytes(body);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            headers(method).forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(content.length).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(content);
            return request.toByteArray();
        }

        private static byte[] bytes(JsonNode body) {
            try {
                return MAPPER.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** httpx undoes the Content-Encoding it asked for (gzip, deflate) before the SDK sees the bytes. */
        static InputStream decoded(HttpHeaders headers, InputStream body) throws IOException {
            String encoding = headers.firstValue("content-encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
            return switch (encoding) {
                case "gzip" -> new GZIPInputStream(body);
                case "deflate" -> new InflaterInputStream(body);
                case "identity" -> body;
                default -> throw new AssertionError("Content-Encoding the Python SDK did not ask for: " + encoding);
            };
        }

        /** What {@code Stream.__stream__} yields (data of each event before {@code [DONE]}), and whether it came. */
        record Streamed(List<String> chunks, boolean done) {
        }

        /**
         * {@code SSEDecoder}: lines split at CR, LF or CRLF; a blank line ends an event; {@code :} comments
         * ignored; one leading space dropped from a value; several {@code data} lines joined with LF. The
         * stream stops at {@code [DONE]}; an event with an {@code error} member raises {@code APIError}.
         */
        static Streamed readStream(InputStream body) throws IOException {
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            List<String> chunks = new ArrayList<>();
            List<String> data = new ArrayList<>();
            String event = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event == null && data.isEmpty()) {
                        continue;
                    }
                    String joined = String.join("\n", data);
                    data.clear();
                    event = null;
                    if (joined.startsWith("[DONE]")) {
                        return new Streamed(chunks, true);
                    }
                    JsonNode parsed = MAPPER.readTree(joined);
                    if (parsed.path("error").isObject() || parsed.path("error").isTextual()) {
                        throw new AssertionError("the Python SDK raises APIError on this event: " + joined);
                    }
                    chunks.add(joined);
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "data" -> data.add(value);
                    case "event" -> event = value;
                    default -> { }
                }
            }
            return new Streamed(chunks, false);
        }

        /** {@code base64.b64decode} then float32 in the machine's (little-endian) order, as the SDK does. */
        static float[] decodeBase64Floats(String base64) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
            float[] vector = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(vector);
            return vector;
        }
    }

    /** One HTTP/1.1 response read off a socket: status line, headers, a Content-Length body. */
    private record RawResponse(int status, Map<String, String> headers, String body) {

        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            if (length == null) {
                throw new AssertionError("expected a Content-Length body, got headers " + headers);
            }
            byte[] body = in.readNBytes(Integer.parseInt(length));
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
