package ai.novai.gateway.chat;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.novai.gateway.models.ModelIds;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.tools.ToolRequest;
import ai.novai.proto.inference.v1.ChatRequest;
import com.fasterxml.jackson.databind.JsonNode;

import static ai.novai.gateway.http.JsonFields.bool;
import static ai.novai.gateway.http.JsonFields.field;
import static ai.novai.gateway.http.JsonFields.integer;
import static ai.novai.gateway.http.JsonFields.invalidType;
import static ai.novai.gateway.http.JsonFields.invalidValue;
import static ai.novai.gateway.http.JsonFields.number;
import static ai.novai.gateway.http.JsonFields.required;
import static ai.novai.gateway.http.JsonFields.string;

/**
 * Reads an OpenAI chat completion request into the internal contract, checking it against the public
 * schema: every problem is a 400 naming the parameter. Parameters NovAI does not serve are refused
 * rather than silently dropped.
 */
public final class ChatRequestParser {

    private static final int MAX_STOP_SEQUENCES = 4;
    private static final int MAX_CHOICES = 128;

    private static final Set<String> SUPPORTED = Set.of(
            "model", "messages", "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed",
            "user", "n", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "tools",
            "tool_choice", "parallel_tool_calls", "response_format", "stream", "stream_options", "metadata",
            "reasoning_effort", "modalities",
            // hints without effect here, accepted because OpenAI's clients send them
            "store", "service_tier", "verbosity", "prompt_cache_key", "prompt_cache_retention", "safety_identifier");
    private static final Set<String> REFUSED = Set.of(
            "audio", "prediction", "web_search_options", "moderation", "functions", "function_call");
    private static final Set<String> REASONING_EFFORTS = Set.of(
            "none", "minimal", "low", "medium", "high", "xhigh", "max");

    private ChatRequestParser() {
    }

    /**
     * A validated request.
     *
     * @param request      the internal request
     * @param stream       whether the client asked for server-sent events
     * @param includeUsage whether the client asked for a usage chunk at the end of the stream
     * @param serverTools  its {@code mcp} tool entries: tools NovAI runs for the model
     */
    public record Parsed(ChatRequest request, boolean stream, boolean includeUsage, List<ToolRequest> serverTools) {
    }

    /** Validates and converts the body of {@code POST /v1/chat/completions}. */
    public static Parsed parse(JsonNode body, String requestId) {
        rejectUnknown(body);
        ChatRequest.Builder request = ChatRequest.newBuilder().setRequestId(requestId);
        JsonNode modelField = required(body, "model", "model");
        if (!modelField.isTextual()) {
            throw invalidType("model", "a string");
        }
        String model = modelField.asText();
        if (model.isBlank()) {
            throw invalidValue("model", "it must not be empty.");
        }
        request.setModel(ModelIds.require(model, "model"));
        ChatMessages.read(required(body, "messages", "messages"), request);

        number(body, "temperature", "temperature", 0, 2).ifPresent(request::setTemperature);
        number(body, "top_p", "top_p", 0, 1).ifPresent(request::setTopP);
        number(body, "presence_penalty", "presence_penalty", -2, 2).ifPresent(request::setPresencePenalty);
        number(body, "frequency_penalty", "frequency_penalty", -2, 2).ifPresent(request::setFrequencyPenalty);
        integer(body, "max_completion_tokens", "max_completion_tokens", 1, Integer.MAX_VALUE)
                .or(() -> integer(body, "max_tokens", "max_tokens", 1, Integer.MAX_VALUE))
                .ifPresent(tokens -> request.setMaxTokens(tokens.intValue()));
        integer(body, "seed", "seed", Long.MIN_VALUE, Long.MAX_VALUE).ifPresent(request::setSeed);
        string(body, "user", "user").ifPresent(request::setUser);
        // whether the model serves n > 1 and logprobs is inference's to say (its adapters know): 400 from there
        integer(body, "n", "n", 1, MAX_CHOICES).ifPresent(n -> request.setN(n.intValue()));
        bool(body, "logprobs", "logprobs").ifPresent(request::setLogprobs);
        integer(body, "top_logprobs", "top_logprobs", 0, 20).ifPresent(top -> {
            if (!request.getLogprobs()) {
                throw invalidValue("top_logprobs", "it requires 'logprobs' to be true.");
            }
            request.setTopLogprobs(top.intValue());
        });
        stop(body, request);
        logitBias(body, request);
        metadata(body, request);
        List<ToolRequest> serverTools = ChatTools.read(body, request);
        if (!serverTools.isEmpty() && request.getN() > 1) {
            // the tool loop continues one conversation: choice 0's
            throw ApiException.badRequest("'n' must be 1 when 'tools' has server-side (mcp) tools.", "n",
                                          "unsupported_value");
        }
        bool(body, "parallel_tool_calls", "parallel_tool_calls").ifPresent(request::setParallelToolCalls);
        ResponseFormats.read(body, request);
        // hints without effect are still of their type, as OpenAI checks them
        bool(body, "store", "store");
        for (String hint : new String[] {"service_tier", "verbosity", "prompt_cache_key", "prompt_cache_retention",
                "safety_identifier"}) {
            string(body, hint, hint);
        }
        string(body, "reasoning_effort", "reasoning_effort").ifPresent(effort -> {
            if (!REASONING_EFFORTS.contains(effort)) {
                throw invalidValue("reasoning_effort", "expected one of " + REASONING_EFFORTS.stream().sorted().toList()
                        + ".");
            }
            request.setReasoningEffort(effort);
        });
        field(body, "modalities").ifPresent(modalities -> {
            if (!modalities.isArray() || modalities.size() != 1 || !"text".equals(modalities.get(0).asText())) {
                throw ApiException.badRequest("Only the 'text' modality is supported.", "modalities",
                                              "unsupported_parameter");
            }
        });

        boolean stream = bool(body, "stream", "stream").orElse(false);
        boolean includeUsage = false;
        if (field(body, "stream_options").isPresent()) {
            JsonNode options = field(body, "stream_options").get();
            if (!stream) {
                throw invalidValue("stream_options", "it is only allowed when 'stream' is true.");
            }
            if (!options.isObject()) {
                throw invalidType("stream_options", "an object");
            }
            includeUsage = bool(options, "include_usage", "stream_options.include_usage").orElse(false);
        }
        request.setIncludeUsage(includeUsage);
        return new Parsed(request.build(), stream, includeUsage, serverTools);
    }

    private static void rejectUnknown(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (REFUSED.contains(name)) {
                throw ApiException.badRequest("'" + name + "' is not supported by this gateway.", name,
                                              "unsupported_parameter");
            }
            if (!SUPPORTED.contains(name)) {
                throw ApiException.badRequest("Unrecognized request argument supplied: " + name, name,
                                              "unknown_parameter");
            }
        }
    }

    private static void stop(JsonNode body, ChatRequest.Builder request) {
        field(body, "stop").ifPresent(stop -> {
            if (stop.isTextual()) {
                request.addStop(stop.asText());
            } else if (stop.isArray()) {
                if (stop.size() > MAX_STOP_SEQUENCES) {
                    throw invalidValue("stop", "at most " + MAX_STOP_SEQUENCES + " sequences are allowed.");
                }
                for (int i = 0; i < stop.size(); i++) {
                    if (!stop.get(i).isTextual()) {
                        throw invalidType("stop[" + i + "]", "a string");
                    }
                    request.addStop(stop.get(i).asText());
                }
            } else {
                throw invalidType("stop", "a string or an array of strings");
            }
        });
    }

    private static void logitBias(JsonNode body, ChatRequest.Builder request) {
        field(body, "logit_bias").ifPresent(bias -> {
            if (!bias.isObject()) {
                throw invalidType("logit_bias", "an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> entries = bias.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String path = "logit_bias." + entry.getKey();
                if (!entry.getKey().matches("\\d{1,9}")) {
                    throw invalidValue("logit_bias", "keys must be token ids.");
                }
                if (!entry.getValue().isNumber() || Math.abs(entry.getValue().asDouble()) > 100) {
                    throw invalidValue(path, "biases must be numbers from -100 to 100.");
                }
                request.putLogitBias(entry.getKey(), entry.getValue().asDouble());
            }
        });
    }

    private static void metadata(JsonNode body, ChatRequest.Builder request) {
        field(body, "metadata").ifPresent(metadata -> {
            if (!metadata.isObject()) {
                throw invalidType("metadata", "an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> entries = metadata.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (!entry.getValue().isTextual()) {
                    throw invalidType("metadata." + entry.getKey(), "a string");
                }
                request.putMetadata(entry.getKey(), entry.getValue().asText());
            }
        });
    }



}
