package ai.novai.gateway.files;

import java.time.Instant;
import java.util.List;

import ai.novai.gateway.http.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Files as OpenAI's API shows them: {@code OpenAIFile}, {@code ListFilesResponse}, {@code DeleteFileResponse}.
 * {@code expires_at} is left out for a file that never expires (OpenAI's schema does not allow null there);
 * {@code status} is always {@code processed}: a file is listed only once it is whole.
 */
final class FileJson {

    private FileJson() {
    }

    static ObjectNode file(StoredFile file) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", file.id());
        json.put("object", "file");
        json.put("bytes", file.bytes());
        json.put("created_at", file.createdAt().getEpochSecond());
        file.expiresAt().map(Instant::getEpochSecond).ifPresent(expiresAt -> json.put("expires_at", expiresAt));
        json.put("filename", file.filename());
        json.put("purpose", file.purpose().apiName());
        json.put("status", "processed");
        return json;
    }

    static ObjectNode page(List<StoredFile> files, boolean hasMore) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        files.forEach(file -> data.add(file(file)));
        json.put("first_id", files.isEmpty() ? "" : files.getFirst().id());
        json.put("last_id", files.isEmpty() ? "" : files.getLast().id());
        json.put("has_more", hasMore);
        return json;
    }

    static ObjectNode deleted(String id) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", id);
        json.put("object", "file");
        json.put("deleted", true);
        return json;
    }
}
