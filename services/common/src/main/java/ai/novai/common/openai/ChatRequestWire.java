package ai.novai.common.openai;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import ai.novai.proto.inference.v1.ChatRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ai.novai.common.openai.WireFields.bool;
import static ai.novai.common.openai.WireFields.field;
import static ai.novai.common.openai.WireFields.integer;
import static ai.novai.common.openai.WireFields.number;
import static ai.novai.common.openai.WireFields.object;
import static ai.novai.common.openai.WireFields.required;
import static ai.novai.common.openai.WireFields.string;

/**
 * A chat completion request's top level: the fields NovAI models ({@link #FIELDS}), read from a client with
 * OpenAI's documented types and ranges, and written for an upstream with only what the client set (so that every
 * upstream applies its own defaults), followed by the {@link PassthroughFields}. Streams always ask for the usage
 * chunk: billing must not depend on whether the client wanted usage.
 */
public final class ChatRequestWire {

    /** The top-level fields NovAI models. */
    public static final Set<String> FIELDS = Set.of(
            "model", "messages", "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed",
            "user", "n", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "tools",
            "tool_choice", "parallel_tool_calls", "response_format", "stream", "stream_options", "metadata",
            "reasoning_effort");

    /** Most stop sequences, as OpenAI allows. */
    public static final int MAX_STOP_SEQUENCES = 4;

    /** Most choices one request may ask for, as OpenAI allows. */
    public static final int MAX_CHOICES = 128;

    /** OpenAI's reasoning efforts. */
    public static final Set<String> REASONING_EFFORTS = Set.of(
            "none", "minimal", "low", "medium", "high", "xhigh", "max");

    private ChatRequestWire() {
    }

    /**
     * Reads a client's modelled fields but {@code stream} and {@code stream_options} (how the answer is delivered
     * is the reader's business) onto the request.
     *
     * @param others what to do with {@code tools} entries that are not functions
     * @throws OpenAiWireException naming the first field that is not OpenAI's shape
     */
    public static void read(JsonNode body, ChatRequest.Builder request, ToolsWire.OtherTools others) {
        JsonNode model = required(body, "model", "model");
        if (!model.isTextual()) {
            throw OpenAiWireException.invalidType("model", "a string");
        }
        if (model.asText().isBlank()) {
            throw OpenAiWireException.invalidValue("model", "it must not be empty.");
        }
        request.setModel(model.asText());
        MessagesWire.read(required(body, "messages", "messages"), request);
        number(body, "temperature", "temperature", 0, 2).ifPresent(request::setTemperature);
        number(body, "top_p", "top_p", 0, 1).ifPresent(request::setTopP);
        number(body, "presence_penalty", "presence_penalty", -2, 2).ifPresent(request::setPresencePenalty);
        number(body, "frequency_penalty", "frequency_penalty", -2, 2).ifPresent(request::setFrequencyPenalty);
        integer(body, "max_completion_tokens", "max_completion_tokens", 1, Integer.MAX_VALUE)
                .or(() -> integer(body, "max_tokens", "max_tokens", 1, Integer.MAX_VALUE))
                .ifPresent(tokens -> request.setMaxTokens(tokens.intValue()));
        integer(body, "seed", "seed", Long.MIN_VALUE, Long.MAX_VALUE).ifPresent(request::setSeed);
        string(body, "user", "user").ifPresent(request::setUser);
        integer(body, "n", "n", 1, MAX_CHOICES).ifPresent(n -> request.setN(n.intValue()));
        bool(body, "logprobs", "logprobs").ifPresent(request::setLogprobs);
        integer(body, "top_logprobs", "top_logprobs", 0, 20).ifPresent(top -> {
            if (!request.getLogprobs()) {
                throw OpenAiWireException.invalidValue("top_logprobs", "it requires 'logprobs' to be true.");
            }
            request.setTopLogprobs(top.intValue());
        });
        stop(body, request);
        logitBias(body, request);
        metadata(body, request);
        ToolsWire.read(body, request, others);
        ResponseFormatWire.read(body, request);
        string(body, "reasoning_effort", "reasoning_effort").ifPresent(effort -> {
            if (!REASONING_EFFORTS.contains(effort)) {
                throw OpenAiWireException.invalidValue("reasoning_effort", "expected one of "
                        + REASONING_EFFORTS.stream().sorted().toList() + ".");
            }
            request.setReasoningEffort(effort);
        });
    }

    private static void stop(JsonNode body, ChatRequest.Builder request) {
        field(body, "stop").ifPresent(stop -> {
            if (stop.isTextual()) {
                request.addStop(stop.asText());
            } else if (stop.isArray()) {
                if (stop.size() > MAX_STOP_SEQUENCES) {
                    throw OpenAiWireException.invalidValue("stop", "at most " + MAX_STOP_SEQUENCES
                            + " sequences are allowed.");
                }
                for (int i = 0; i < stop.size(); i++) {
                    if (!stop.get(i).isTextual()) {
                        throw OpenAiWireException.invalidType("stop[" + i + "]", "a string");
                    }
                    request.addStop(stop.get(i).asText());
                }
            } else {
                throw OpenAiWireException.invalidType("stop", "a string or an array of strings");
            }
        });
    }

    private static void logitBias(JsonNode body, ChatRequest.Builder request) {
        object(body, "logit_bias", "logit_bias").ifPresent(bias -> {
            for (Iterator<Map.Entry<String, JsonNode>> entries = bias.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (!entry.getKey().matches("\\d{1,9}")) {
                    throw OpenAiWireException.invalidValue("logit_bias", "keys must be token ids.");
                }
                if (!entry.getValue().isNumber() || Math.abs(entry.getValue().asDouble()) > 100) {
                    throw OpenAiWireException.invalidValue("logit_bias." + entry.getKey(),
                                                           "biases must be numbers from -100 to 100.");
                }
                request.putLogitBias(entry.getKey(), entry.getValue().asDouble());
            }
        });
    }

    private static void metadata(JsonNode body, ChatRequest.Builder request) {
        object(body, "metadata", "metadata").ifPresent(metadata -> {
            for (Iterator<Map.Entry<String, JsonNode>> entries = metadata.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (!entry.getValue().isTextual()) {
                    throw OpenAiWireException.invalidType("metadata." + entry.getKey(), "a string");
                }
                request.putMetadata(entry.getKey(), entry.getValue().asText());
            }
        });
    }

    /**
     * The upstream body of a request.
     *
     * @param upstreamModel  the model's name at the upstream
     * @param maxTokensField what the upstream calls the output limit ({@code max_tokens} or
     *                       {@code max_completion_tokens})
     * @param stream         whether to ask for server-sent events
     * @throws OpenAiWireException when the request cannot be written: a message without a role, JSON kept as text
     *                             that is not JSON
     */
    public static ObjectNode write(ChatRequest request, String upstreamModel, String maxTokensField, boolean stream) {
        ObjectNode body = WireJson.object();
        body.put("model", upstreamModel);
        MessagesWire.write(request, body);
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        sampling(request, maxTokensField, body);
        ToolsWire.write(request, body);
        ResponseFormatWire.write(request, body);
        if (request.hasReasoningEffort()) {
            body.put("reasoning_effort", request.getReasoningEffort());
        }
        PassthroughFields.merge(request, body);
        return body;
    }

    private static void sampling(ChatRequest request, String maxTokensField, ObjectNode body) {
        if (request.hasTemperature()) {
            body.put("temperature", request.getTemperature());
        }
        if (request.hasTopP()) {
            body.put("top_p", request.getTopP());
        }
        if (request.hasMaxTokens()) {
            body.put(maxTokensField, request.getMaxTokens());
        }
        if (request.getStopCount() > 0) {
            ArrayNode stop = body.putArray("stop");
            request.getStopList().forEach(stop::add);
        }
        if (request.hasSeed()) {
            body.put("seed", request.getSeed());
        }
        if (!request.getUser().isEmpty()) {
            body.put("user", request.getUser());
        }
        if (request.hasN()) {
            body.put("n", request.getN());
        }
        if (request.hasPresencePenalty()) {
            body.put("presence_penalty", request.getPresencePenalty());
        }
        if (request.hasFrequencyPenalty()) {
            body.put("frequency_penalty", request.getFrequencyPenalty());
        }
        if (request.getLogitBiasCount() > 0) {
            ObjectNode bias = body.putObject("logit_bias");
            for (Map.Entry<String, Double> entry : request.getLogitBiasMap().entrySet()) {
                double value = entry.getValue();
                // whole biases as integers, which is what OpenAI documents and strict servers accept
                if (value == Math.rint(value)) {
                    bias.put(entry.getKey(), (long) value);
                } else {
                    bias.put(entry.getKey(), value);
                }
            }
        }
        if (request.hasLogprobs()) {
            body.put("logprobs", request.getLogprobs());
        }
        if (request.hasTopLogprobs()) {
            body.put("top_logprobs", request.getTopLogprobs());
        }
    }
}
