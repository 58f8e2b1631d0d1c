package ai.novai.inference.providers.openai;

import java.time.Instant;
import java.util.Optional;

import ai.novai.inference.providers.CompletionIds;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.ChoiceLogprobs;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads OpenAI's completion and chunk JSON into NovAI's messages. Lenient where OpenAI-compatible servers
 * differ from OpenAI without changing the meaning (missing ids and indexes, content as an array of parts,
 * arguments as an object, the legacy {@code function_call}); strict where the answer would otherwise be
 * wrong: a completion without choices is a failure, not an empty answer. Log probabilities are read bounded
 * ({@link OpenAiLogprobs}).
 */
final class OpenAiResponseReader {

    private OpenAiResponseReader() {
    }

    /** A whole completion, in NovAI's terms: NovAI's model id, the deployment as provider. */
    static ChatCompletion completion(JsonNode json, ProviderCall call) {
        String providerName = call.provider().name();
        if (json.hasNonNull("error")) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName + " answered an error: "
                    + errorMessage(json.get("error")));
        }
        JsonNode choices = json.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName
                    + " answered a completion without choices");
        }
        ChatCompletion.Builder completion = ChatCompletion.newBuilder()
                .setId(text(json.path("id")).orElseGet(CompletionIds::completion))
                .setCreated(created(json))
                .setModel(call.model().id())
                .setProvider(call.deployment().name());
        text(json.path("system_fingerprint")).ifPresent(completion::setSystemFingerprint);
        OpenAiLogprobs.Budget logprobs = OpenAiLogprobs.Budget.answer(providerName);
        for (int i = 0; i < choices.size(); i++) {
            JsonNode choice = choices.get(i);
            FinishReason finish = finishReason(choice.path("finish_reason"));
            Choice.Builder out = Choice.newBuilder()
                    .setIndex(choice.path("index").asInt(i))
                    .setMessage(message(choice.path("message")))
                    // a whole completion is over even if the server did not say why
                    .setFinishReason(finish == FinishReason.FINISH_REASON_UNSPECIFIED
                                             ? FinishReason.FINISH_REASON_STOP : finish);
            OpenAiLogprobs.read(choice.path("logprobs"), logprobs).ifPresent(out::setLogprobs);
            completion.addChoices(out);
        }
        usage(json.path("usage")).ifPresent(completion::setUsage);
        return completion.build();
    }

    /**
     * One chunk's choices, each reduced to what it carries; a choice that carries nothing (no role, text,
     * tool call, log probabilities or finish reason) is left out. Usage is not read here: see {@link OpenAiStream}.
     *
     * @param json         the chunk's JSON
     * @param template     the chunk's id, created, model and provider, with no choices
     * @param providerName the provider, for failures
     * @return the chunk, or empty when none of its choices carries anything
     */
    static Optional<ChatCompletionChunk> chunk(JsonNode json, ChatCompletionChunk template, String providerName) {
        ChatCompletionChunk.Builder chunk = template.toBuilder();
        JsonNode choices = json.path("choices");
        OpenAiLogprobs.Budget logprobs = OpenAiLogprobs.Budget.chunk(providerName);
        for (int i = 0; i < choices.size(); i++) {
            choice(choices.get(i), i, logprobs).ifPresent(chunk::addChoices);
        }
        return chunk.getChoicesCount() == 0 ? Optional.empty() : Optional.of(chunk.build());
    }

    private static Optional<ChunkChoice> choice(JsonNode choice, int position, OpenAiLogprobs.Budget budget) {
        JsonNode delta = choice.path("delta");
        Delta.Builder out = Delta.newBuilder();
        role(delta.path("role")).ifPresent(out::setRole);
        text(delta.path("content")).ifPresent(out::setContent);
        text(delta.path("refusal")).ifPresent(out::setRefusal);
        JsonNode calls = delta.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            ToolCallDelta.Builder fragment = ToolCallDelta.newBuilder()
                    .setIndex(call.path("index").asInt(i))
                    .setArgumentsFragment(arguments(call.path("function").path("arguments")));
            text(call.path("id")).ifPresent(fragment::setId);
            text(call.path("function").path("name")).ifPresent(fragment::setFunctionName);
            out.addToolCalls(fragment);
        }
        legacyFunctionCall(delta.path("function_call")).ifPresent(out::addToolCalls);
        FinishReason finish = finishReason(choice.path("finish_reason"));
        Optional<ChoiceLogprobs> logprobs = OpenAiLogprobs.read(choice.path("logprobs"), budget);
        boolean empty = !out.hasRole() && !out.hasContent() && !out.hasRefusal() && out.getToolCallsCount() == 0;
        if (empty && finish == FinishReason.FINISH_REASON_UNSPECIFIED && logprobs.isEmpty()) {
            return Optional.empty();
        }
        ChunkChoice.Builder result = ChunkChoice.newBuilder()
                .setIndex(choice.path("index").asInt(position))
                .setDelta(out)
                .setFinishReason(finish);
        logprobs.ifPresent(result::setLogprobs);
        return Optional.of(result.build());
    }

    // The pre-tools streaming form: one call, its name on the first fragment.
    private static Optional<ToolCallDelta> legacyFunctionCall(JsonNode call) {
        if (!call.isObject()) {
            return Optional.empty();
        }
        ToolCallDelta.Builder fragment = ToolCallDelta.newBuilder()
                .setIndex(0)
                .setArgumentsFragment(arguments(call.path("arguments")));
        text(call.path("name")).ifPresent(name -> fragment.setId(CompletionIds.toolCall()).setFunctionName(name));
        return Optional.of(fragment.build());
    }

    private static ChatMessage message(JsonNode message) {
        ChatMessage.Builder out = ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT);
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                out.addContent(ContentPart.newBuilder().setText(content.asText()));
            }
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                text(part.path("text")).ifPresent(text -> out.addContent(ContentPart.newBuilder().setText(text)));
            }
        }
        text(message.path("refusal")).ifPresent(out::setRefusal);
        for (JsonNode call : message.path("tool_calls")) {
            out.addToolCalls(ToolCall.newBuilder()
                                     .setId(text(call.path("id")).orElseGet(CompletionIds::toolCall))
                                     .setFunction(FunctionCall.newBuilder()
                                                          .setName(call.path("function").path("name").asText(""))
                                                          .setArguments(arguments(call.path("function")
                                                                                          .path("arguments")))));
        }
        JsonNode legacy = message.path("function_call");
        if (legacy.isObject()) {
            out.addToolCalls(ToolCall.newBuilder()
                                     .setId(CompletionIds.toolCall())
                                     .setFunction(FunctionCall.newBuilder()
                                                          .setName(legacy.path("name").asText(""))
                                                          .setArguments(arguments(legacy.path("arguments")))));
        }
        return out.build();
    }

    /** Usage, with the cache and reasoning details when the upstream gives them. */
    static Optional<Usage> usage(JsonNode usage) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        int prompt = usage.path("prompt_tokens").asInt(0);
        int completion = usage.path("completion_tokens").asInt(0);
        JsonNode cached = usage.path("prompt_tokens_details").path("cached_tokens");
        return Optional.of(Usage.newBuilder()
                                   .setPromptTokens(prompt)
                                   .setCompletionTokens(completion)
                                   .setTotalTokens(usage.path("total_tokens").asInt(prompt + completion))
                                   // DeepSeek reports its cache hits under its own name
                                   .setCachedPromptTokens(cached.isNumber() ? cached.asInt()
                                                                  : usage.path("prompt_cache_hit_tokens").asInt(0))
                                   .setReasoningTokens(usage.path("completion_tokens_details")
                                                               .path("reasoning_tokens").asInt(0))
                                   .build());
    }

    /** OpenAI's finish reasons; reasons of a server's own (e.g. {@code eos}) all mean the choice ended. */
    static FinishReason finishReason(JsonNode reason) {
        if (!reason.isTextual() || reason.asText().isBlank()) {
            return FinishReason.FINISH_REASON_UNSPECIFIED;
        }
        return switch (reason.asText()) {
            case "length" -> FinishReason.FINISH_REASON_LENGTH;
            case "tool_calls", "function_call" -> FinishReason.FINISH_REASON_TOOL_CALLS;
            case "content_filter" -> FinishReason.FINISH_REASON_CONTENT_FILTER;
            default -> FinishReason.FINISH_REASON_STOP;
        };
    }

    /** The message of an error object (or of an error given as a bare string). */
    static String errorMessage(JsonNode error) {
        return text(error.path("message")).or(() -> text(error)).orElse(error.toString());
    }

    /** The upstream's {@code created}, or now when it has none. */
    static long created(JsonNode json) {
        JsonNode created = json.path("created");
        return created.isNumber() ? created.asLong() : Instant.now().getEpochSecond();
    }

    private static Optional<Role> role(JsonNode role) {
        if (!role.isTextual()) {
            return Optional.empty();
        }
        return switch (role.asText()) {
            case "assistant" -> Optional.of(Role.ROLE_ASSISTANT);
            case "system" -> Optional.of(Role.ROLE_SYSTEM);
            case "developer" -> Optional.of(Role.ROLE_DEVELOPER);
            case "user" -> Optional.of(Role.ROLE_USER);
            case "tool" -> Optional.of(Role.ROLE_TOOL);
            default -> Optional.empty();
        };
    }

    // Arguments are JSON text; a few servers send them as a JSON object instead.
    private static String arguments(JsonNode arguments) {
        if (arguments.isTextual()) {
            return arguments.asText();
        }
        return arguments.isMissingNode() || arguments.isNull() ? "" : arguments.toString();
    }

    // Non-empty text; null, missing and "" all mean nothing was said.
    static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }
}
