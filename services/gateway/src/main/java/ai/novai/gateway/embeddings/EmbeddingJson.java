package ai.novai.gateway.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import ai.novai.gateway.http.Json;
import ai.novai.proto.embedding.v1.EmbedResponse;
import ai.novai.proto.embedding.v1.Embedding;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI's {@code CreateEmbeddingResponse}: vectors as numbers, or as base64 of little-endian float32
 * (what the official SDKs ask for by default).
 */
public final class EmbeddingJson {

    private EmbeddingJson() {
    }

    public static ObjectNode response(EmbedResponse response, boolean base64) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        for (Embedding embedding : response.getEmbeddingsList()) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", embedding.getIndex());
            if (base64) {
                item.put("embedding", base64(embedding));
            } else {
                ArrayNode values = item.putArray("embedding");
                embedding.getValuesList().forEach(values::add);
            }
        }
        json.put("model", response.getModel());
        ObjectNode usage = json.putObject("usage");
        usage.put("prompt_tokens", response.getUsage().getPromptTokens());
        usage.put("total_tokens", response.getUsage().getTotalTokens());
        return json;
    }

    static String base64(Embedding embedding) {
        ByteBuffer bytes = ByteBuffer.allocate(embedding.getValuesCount() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        embedding.getValuesList().forEach(bytes::putFloat);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
