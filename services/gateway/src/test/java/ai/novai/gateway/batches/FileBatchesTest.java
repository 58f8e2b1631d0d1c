package ai.novai.gateway.batches;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchRetrieveParams;
import com.openai.models.files.FileContentParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * OpenAI's Batch API from an uploaded file, driven by the official Java SDK ({@code com.openai:openai-java}):
 * files.create → batches.create → poll → files.content of the output and error files; every body validated
 * against OpenAI's schemas; a file with bad lines fails validation naming each line.
 */
class FileBatchesTest {

    private static NovaiCluster cluster;
    private static OpenAIClient client;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = BatchTesting.start(Map.of(), Map.of());
        client = cluster.openAiClient();
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aChatBatchRunsFromAnUploadedFileAndWritesOutputAndErrorFiles() throws Exception {
        String jsonl = line("first", "/v1/chat/completions", chat("novai-echo", "one")) + "\n"
                + line("second", "/v1/chat/completions", chat("novai-echo", "two")) + "\r\n"
                + line("missing-model", "/v1/chat/completions", chat("no-such-model", "three")) + "\n";
        Batch created = submit(jsonl, BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS);
        assertThat(created.status(), is(Batch.Status.VALIDATING));
        assertThat(created.id(), startsWith("batch_"));

        Batch done = awaitEnd(created.id());
        assertThat(done.status(), is(Batch.Status.COMPLETED));
        assertThat(done.requestCounts().orElseThrow().total(), is(3L));
        assertThat(done.requestCounts().orElseThrow().completed(), is(2L));
        assertThat(done.requestCounts().orElseThrow().failed(), is(1L));
        HttpResponse<String> raw = http.send(http.request("/v1/batches/" + done.id())
                                                     .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).build());
        OpenAiSchemas.assertValidOpenAi("Batch", raw.body());

        List<JsonNode> output = content(done.outputFileId().orElseThrow());
        assertThat(output, hasSize(2));
        List<String> customIds = new ArrayList<>();
        for (JsonNode result : output) {
            OpenAiSchemas.assertValidNovai("BatchRequestOutput", result.toString());
            customIds.add(result.get("custom_id").asText());
            assertThat(result.get("id").asText(), startsWith("batch_req_"));
            assertThat(result.get("response").get("status_code").asInt(), is(200));
            OpenAiSchemas.assertValidOpenAi("CreateChatCompletionResponse",
                                            result.get("response").get("body").toString());
        }
        assertThat(customIds, containsInAnyOrder("first", "second"));
        List<JsonNode> errors = content(done.errorFileId().orElseThrow());
        assertThat(errors, hasSize(1));
        assertThat(errors.getFirst().get("custom_id").asText(), is("missing-model"));
        assertThat(errors.getFirst().get("response").get("status_code").asInt(), is(404));
        assertThat(errors.getFirst().get("response").get("body").get("error").get("message").asText(),
                   containsString("no-such-model"));

        HttpResponse<String> list = http.send(http.request("/v1/batches?limit=1")
                                                      .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).build());
        OpenAiSchemas.assertValidOpenAi("ListBatchesResponse", list.body());

        // the operator reads every key's batches with the admin token, and may neither create nor cancel one
        HttpResponse<String> adminList = http.send(http.request("/v1/batches?limit=100")
                .header("Authorization", "Bearer " + NovaiCluster.ADMIN_TOKEN).build());
        assertThat(adminList.body(), adminList.statusCode(), is(200));
        assertThat(adminList.body(), containsString(done.id()));
        HttpResponse<String> adminGet = http.send(http.request("/v1/batches/" + done.id())
                .header("Authorization", "Bearer " + NovaiCluster.ADMIN_TOKEN).build());
        assertThat(adminGet.body(), adminGet.statusCode(), is(200));
        HttpResponse<String> adminCancel = http.send(http.request("/v1/batches/" + done.id() + "/cancel")
                .header("Authorization", "Bearer " + NovaiCluster.ADMIN_TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(adminCancel.statusCode(), is(401));
    }

    @Test
    void anEmbeddingsBatchAnswersEveryLine() throws Exception {
        String jsonl = line("a", "/v1/embeddings", "{\"model\":\"all-minilm-l6-v2\",\"input\":\"hello\"}") + "\n"
                + line("b", "/v1/embeddings", "{\"model\":\"all-minilm-l6-v2\",\"input\":[\"x\",\"y\"]}") + "\n";
        Batch done = awaitEnd(submit(jsonl, BatchCreateParams.Endpoint.V1_EMBEDDINGS).id());
        assertThat(done.status(), is(Batch.Status.COMPLETED));
        List<JsonNode> output = content(done.outputFileId().orElseThrow());
        assertThat(output, hasSize(2));
        OpenAiSchemas.assertValidOpenAi("CreateEmbeddingResponse", output.get(1).get("response").get("body").toString());
        assertThat(output.get(1).get("response").get("body").get("data").size(), is(2));
    }

    @Test
    void badLinesFailValidationEachNamed() throws Exception {
        String jsonl = line("same", "/v1/chat/completions", chat("novai-echo", "one")) + "\n"
                + line("same", "/v1/chat/completions", chat("novai-echo", "two")) + "\n"
                + line("url", "/v1/embeddings", chat("novai-echo", "three")) + "\n"
                + "{not json\n"
                + line("stream", "/v1/chat/completions", "{\"model\":\"novai-echo\",\"stream\":true,\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"x\"}]}") + "\n";
        Batch done = awaitEnd(submit(jsonl, BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS).id());
        assertThat(done.status(), is(Batch.Status.FAILED));
        HttpResponse<String> raw = http.send(http.request("/v1/batches/" + done.id())
                                                     .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).build());
        OpenAiSchemas.assertValidOpenAi("Batch", raw.body());
        JsonNode errors = Http.json(raw).get("errors").get("data");
        List<String> codes = new ArrayList<>();
        errors.forEach(error -> codes.add(error.get("line").asInt() + ":" + error.get("code").asText()));
        assertThat(codes, containsInAnyOrder("2:duplicate_custom_id", "3:invalid_url", "4:invalid_json",
                                             "5:invalid_value"));
    }

    @Test
    void aBatchNeedsAnInputFileOfTheCallingKeyWithPurposeBatch() {
        HttpResponse<String> missing = post("{\"input_file_id\":\"file-doesnotexist\",\"endpoint\":"
                                                    + "\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
        assertThat(missing.statusCode(), is(404));
        assertThat(Http.json(missing).get("error").get("code").asText(), is("file_not_found"));
        HttpResponse<String> window = post("{\"input_file_id\":\"file-x\",\"endpoint\":\"/v1/chat/completions\","
                                                   + "\"completion_window\":\"48h\"}");
        assertThat(window.statusCode(), is(400));
        HttpResponse<String> endpoint = post("{\"input_file_id\":\"file-x\",\"endpoint\":\"/v1/completions\","
                                                     + "\"completion_window\":\"24h\"}");
        assertThat(endpoint.statusCode(), is(400));
    }

    // files.create, then batches.create from the file, as the SDK's users do
    private static Batch submit(String jsonl, BatchCreateParams.Endpoint endpoint) {
        FileObject input = client.files().create(FileCreateParams.builder()
                                                         .file(jsonl.getBytes(StandardCharsets.UTF_8))
                                                         .purpose(FilePurpose.BATCH).build());
        return client.batches().create(BatchCreateParams.builder()
                                               .inputFileId(input.id())
                                               .endpoint(endpoint)
                                               .completionWindow(BatchCreateParams.CompletionWindow._24H)
                                               .build());
    }

    private static HttpResponse<String> post(String body) {
        return http.send(http.request("/v1/batches").header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                 .header("Content-Type", "application/json")
                                 .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static List<JsonNode> content(String fileId) throws Exception {
        try (com.openai.core.http.HttpResponse response = client.files().content(
                FileContentParams.builder().fileId(fileId).build())) {
            String text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(Http.json(line));
                }
            }
            return lines;
        }
    }

    private static Batch awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Batch batch = null;
        while (System.nanoTime() < deadline) {
            batch = client.batches().retrieve(BatchRetrieveParams.builder().batchId(id).build());
            if (List.of(Batch.Status.COMPLETED, Batch.Status.FAILED, Batch.Status.EXPIRED, Batch.Status.CANCELLED)
                    .contains(batch.status())) {
                return batch;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("batch did not end: " + batch);
    }

    private static String line(String customId, String url, String body) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + url + "\",\"body\":" + body + "}";
    }

    private static String chat(String model, String content) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

}
