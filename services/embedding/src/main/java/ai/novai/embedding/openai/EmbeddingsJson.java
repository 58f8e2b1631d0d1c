package ai.novai.embedding.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

import ai.novai.proto.embedding.v1.EmbedInput;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * OpenAI's embeddings request and response bodies. The response is read as a stream straight into float
 * arrays: 2048 vectors of 1536 numbers are some 60 MB of JSON text, which a tree of Jackson nodes would
 * hold several times over.
 */
final class EmbeddingsJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EmbeddingsJson() {
    }

    /** What an upstream answered: vectors by input index (null where it sent none) and its token count. */
    record Answer(float[][] vectors, OptionalInt promptTokens) {
    }

    /**
     * The request body: {@code input} is an array of strings or of token-id arrays (the service has made
     * sure a call is one or the other), floats asked for explicitly since some servers default to base64.
     */
    static byte[] request(String upstreamModel, List<EmbedInput> inputs, OptionalInt dimensions, String user) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(body)) {
            json.writeStartObject();
            json.writeStringField("model", upstreamModel);
            json.writeArrayFieldStart("input");
            for (EmbedInput input : inputs) {
                if (input.hasTokens()) {
                    List<Integer> ids = input.getTokens().getIdsList();
                    json.writeArray(ids.stream().mapToInt(Integer::intValue).toArray(), 0, ids.size());
                } else {
                    json.writeString(input.getText());
                }
            }
            json.writeEndArray();
            json.writeStringField("encoding_format", "float");
            if (dimensions.isPresent()) {
                json.writeNumberField("dimensions", dimensions.getAsInt());
            }
            if (!user.isEmpty()) {
                json.writeStringField("user", user);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toByteArray();
    }

    /**
     * Reads {@code data[].index}, {@code data[].embedding} (numbers, or base64 little-endian float32 from
     * a server that ignored {@code encoding_format}) and {@code usage.prompt_tokens}; everything else is
     * skipped.
     *
     * @throws JsonParseException when the body is not that shape, or an index is out of range
     */
    static Answer response(InputStream body, int inputs) throws IOException {
        float[][] vectors = new float[inputs][];
        OptionalInt promptTokens = OptionalInt.empty();
        try (JsonParser json = JSON.createParser(body)) {
            expect(json, json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("data")) {
                    expect(json, value, JsonToken.START_ARRAY);
                    readData(json, vectors);
                } else if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                    promptTokens = readPromptTokens(json);
                } else {
                    json.skipChildren();
                }
            }
        }
        return new Answer(vectors, promptTokens);
    }

    private static void readData(JsonParser json, float[][] vectors) throws IOException {
        int position = 0;
        while (json.nextToken() == JsonToken.START_OBJECT) {
            int index = position++;
            float[] vector = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                    index = json.getIntValue();
                } else if (field.equals("embedding")) {
                    vector = value == JsonToken.VALUE_STRING ? base64(json) : floats(json);
                } else {
                    json.skipChildren();
                }
            }
            if (index < 0 || index >= vectors.length) {
                throw new JsonParseException(json, "embedding index " + index + " is outside 0.."
                        + (vectors.length - 1));
            }
            vectors[index] = vector;
        }
        expect(json, json.currentToken(), JsonToken.END_ARRAY);
    }

    private static float[] floats(JsonParser json) throws IOException {
        expect(json, json.currentToken(), JsonToken.START_ARRAY);
        float[] values = new float[1536];
        int size = 0;
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw new JsonParseException(json, "an embedding holds " + token + ", not a number");
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = json.getFloatValue();
        }
        return Arrays.copyOf(values, size);
    }

    private static float[] base64(JsonParser json) throws IOException {
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Base64.getDecoder().decode(json.getText())).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(json, "an embedding is neither numbers nor base64");
        }
        FloatBuffer floats = bytes.asFloatBuffer();
        float[] values = new float[floats.remaining()];
        floats.get(values);
        return values;
    }

    private static OptionalInt readPromptTokens(JsonParser json) throws IOException {
        OptionalInt promptTokens = OptionalInt.empty();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("prompt_tokens") && value == JsonToken.VALUE_NUMBER_INT) {
                promptTokens = OptionalInt.of(json.getIntValue());
            } else {
                json.skipChildren();
            }
        }
        return promptTokens;
    }

    private static void expect(JsonParser json, JsonToken actual, JsonToken expected) throws JsonParseException {
        if (actual != expected) {
            throw new JsonParseException(json, "expected " + expected + " but found " + actual);
        }
    }
}
