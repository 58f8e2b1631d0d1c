package ai.novai.inference.fakes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@link FakeOpenAiUpstream} answers to one request, and how. Content replies ({@link #text},
 * {@link #toolCall}, {@link #endless}) answer in the form the request asked for: a
 * {@code chat.completion} JSON body, or, for {@code "stream": true}, an SSE stream of
 * {@code chat.completion.chunk} events ending with {@code data: [DONE]}, with the usage chunk only when
 * {@code stream_options.include_usage} was asked, like OpenAI. Raw replies ({@link #json}, {@link #events},
 * {@link #error}) answer the same whatever was asked.
 * <p>
 * Configure a reply before handing it to the fake; the modifiers return this reply for chaining. A reply
 * may be answered any number of times (e.g. returned by a responder function for every request). A reply has
 * a single choice, whatever {@code n} asked, unless it is made of several ({@link #texts}).
 * <p>
 * A text reply to a request with {@code "logprobs": true} carries log probabilities, as OpenAI does: each
 * piece (a streamed delta) is one token with logprob {@value #TOKEN_LOGPROB}, its UTF-8 bytes, and as many
 * alternatives as {@code top_logprobs} asked ({@code "<piece>~k"}, logprob {@code -(k + 1)}).
 */
public final class FakeReply {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong();
    private static final int ARGUMENT_FRAGMENT = 8;
    static final double TOKEN_LOGPROB = -0.25;

    private enum Kind { TEXT, TOOL_CALLS, ENDLESS, JSON, EVENTS }

    /**
     * A tool call of a reply.
     *
     * @param id        the call's id, e.g. {@code call_abc}
     * @param name      the function called
     * @param arguments the arguments as JSON text
     */
    public record ToolCall(String id, String name, String arguments) {
    }

    private final Kind kind;
    private final String text;
    private final List<String> choiceTexts = new ArrayList<>();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private final List<String> rawEvents = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int status = 200;
    private String rawBody = "";
    private int deltas;
    private Duration chunkDelay = Duration.ZERO;
    private Duration headerDelay = Duration.ZERO;
    private int eventLimit = -1;
    private boolean dropConnection;
    private int promptTokens = 10;
    private int completionTokens = -1;
    private int cachedTokens;
    private int reasoningTokens;
    private String finishReason;

    private FakeReply(Kind kind, String text) {
        this.kind = kind;
        this.text = text;
    }

    // ---------------------------------------------------------------------------------------------
    // What to answer
    // ---------------------------------------------------------------------------------------------

    /** An assistant message with this text; streamed word by word unless {@link #inDeltas(int)} says. */
    public static FakeReply text(String text) {
        return texts(text);
    }

    /**
     * One choice per text (as an upstream answers {@code n}), with indexes 0, 1, ...; streamed with the pieces
     * of the choices interleaved, then each choice's finish reason.
     */
    public static FakeReply texts(String... texts) {
        if (texts.length == 0) {
            throw new IllegalArgumentException("at least one choice");
        }
        FakeReply reply = new FakeReply(Kind.TEXT, texts[0]);
        Collections.addAll(reply.choiceTexts, texts);
        return reply;
    }

    /** An assistant message calling one tool; its arguments streamed in 8-character fragments by default. */
    public static FakeReply toolCall(String id, String name, String arguments) {
        return new FakeReply(Kind.TOOL_CALLS, "").andToolCall(id, name, arguments);
    }

    /** One more (parallel) tool call in the same message, streamed after the previous ones. */
    public FakeReply andToolCall(String id, String name, String arguments) {
        if (kind != Kind.TOOL_CALLS) {
            throw new IllegalStateException("only a tool call reply can call more tools");
        }
        toolCalls.add(new ToolCall(id, name, arguments));
        return this;
    }

    /**
     * A stream that never ends: a content chunk ({@code "tick "}) every interval until the client goes away
     * or the fake closes. A request that did not ask for a stream gets its headers and then a body that
     * never completes (a blank every interval). Made for observing cancellation:
     * {@link FakeOpenAiUpstream#awaitDisconnect(Duration)}.
     */
    public static FakeReply endless(Duration interval) {
        FakeReply reply = new FakeReply(Kind.ENDLESS, "tick ");
        reply.chunkDelay = interval;
        return reply;
    }

    /** An error in OpenAI's form, {@code {"error": {"message", "type", "param", "code"}}}. */
    public static FakeReply error(int status, String message) {
        return error(status, message, null);
    }

    /** An error in OpenAI's form naming the parameter at fault. */
    public static FakeReply error(int status, String message, String param) {
        ObjectNode error = MAPPER.createObjectNode();
        ObjectNode body = error.putObject("error").put("message", message).put("type", errorType(status));
        body.put("param", param);
        body.put("code", errorCode(status));
        return json(status, error.toString());
    }

    /** This status and body, as {@code application/json}, whatever was asked. */
    public static FakeReply json(int status, String body) {
        FakeReply reply = new FakeReply(Kind.JSON, "");
        reply.status = status;
        reply.rawBody = body;
        return reply;
    }

    /**
     * An SSE stream of these {@code data:} payloads (JSON text, or anything to test a client's
     * resilience), then {@code data: [DONE]}, whatever was asked.
     */
    public static FakeReply events(String... data) {
        FakeReply reply = new FakeReply(Kind.EVENTS, "");
        Collections.addAll(reply.rawEvents, data);
        return reply;
    }

    // ---------------------------------------------------------------------------------------------
    // How to answer
    // ---------------------------------------------------------------------------------------------

    /** Adds a response header, e.g. {@code Retry-After}. */
    public FakeReply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Splits the text, or each tool call's arguments, into this many content deltas. */
    public FakeReply inDeltas(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one delta");
        }
        deltas = count;
        return this;
    }

    /** Waits this long before each stream event after the first. */
    public FakeReply chunkDelay(Duration delay) {
        chunkDelay = delay;
        return this;
    }

    /** Waits this long before sending the response headers (to provoke a client's timeout). */
    public FakeReply delayHeaders(Duration delay) {
        headerDelay = delay;
        return this;
    }

    /** Reports these token counts (default: 10 prompt tokens, one completion token per delta). */
    public FakeReply usage(int prompt, int completion) {
        promptTokens = prompt;
        completionTokens = completion;
        return this;
    }

    /** Reports {@code prompt_tokens_details.cached_tokens}. */
    public FakeReply cachedTokens(int tokens) {
        cachedTokens = tokens;
        return this;
    }

    /** Reports {@code completion_tokens_details.reasoning_tokens}. */
    public FakeReply reasoningTokens(int tokens) {
        reasoningTokens = tokens;
        return this;
    }

    /** The finish reason (default {@code stop}, or {@code tool_calls} for tool calls). */
    public FakeReply finishReason(String reason) {
        finishReason = reason;
        return this;
    }

    /**
     * Sends only the first {@code count} stream events, then ends the body normally but without
     * {@code data: [DONE]}: a stream that looks finished to a careless client.
     */
    public FakeReply truncateAfter(int count) {
        eventLimit = count;
        dropConnection = false;
        return this;
    }

    /** Sends only the first {@code count} stream events, then closes the connection mid-body. */
    public FakeReply dropConnectionAfter(int count) {
        eventLimit = count;
        dropConnection = true;
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // The wire
    // ---------------------------------------------------------------------------------------------

    /**
     * The response to one request.
     *
     * @param headerDelay    wait before the headers
     * @param status         HTTP status
     * @param headers        response headers, content type included
     * @param chunked        whether the body is sent in pieces (SSE, endless) or with a length
     * @param pieces         the body, piece by piece (a single piece when not chunked)
     * @param pieceDelay     wait between two pieces
     * @param dropConnection whether to close the connection instead of ending the body
     */
    record Plan(Duration headerDelay, int status, Map<String, String> headers, boolean chunked,
                Iterator<byte[]> pieces, Duration pieceDelay, boolean dropConnection) {
    }

    Plan plan(RecordedRequest request) {
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        boolean stream = kind == Kind.EVENTS || (kind != Kind.JSON && request.stream());
        responseHeaders.put("Content-Type", stream ? "text/event-stream" : "application/json");
        responseHeaders.putAll(headers);
        if (kind == Kind.ENDLESS) {
            Iterator<byte[]> pieces = stream ? endlessStream(request) : endlessBlanks();
            return new Plan(headerDelay, 200, responseHeaders, true, pieces, chunkDelay, false);
        }
        if (!stream) {
            String body = kind == Kind.JSON ? rawBody : completion(request);
            return new Plan(headerDelay, status, responseHeaders, false,
                            List.of(body.getBytes(StandardCharsets.UTF_8)).iterator(), Duration.ZERO, false);
        }
        List<String> data = kind == Kind.EVENTS ? List.copyOf(rawEvents) : chunks(request);
        List<byte[]> pieces = new ArrayList<>();
        int limit = eventLimit < 0 ? data.size() : Math.min(eventLimit, data.size());
        for (int i = 0; i < limit; i++) {
            pieces.add(event(data.get(i)));
        }
        if (eventLimit < 0) {
            pieces.add(event("[DONE]"));
        }
        return new Plan(headerDelay, status, responseHeaders, true, pieces.iterator(), chunkDelay, dropConnection);
    }

    private String completion(RecordedRequest request) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("id", nextId())
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", request.json().path("model").asText("fake-model"));
        ArrayNode choices = json.putArray("choices");
        if (kind == Kind.TOOL_CALLS) {
            ObjectNode message = choice(choices, 0);
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : toolCalls) {
                calls.addObject().put("id", call.id()).put("type", "function")
                        .putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        } else {
            for (int index = 0; index < choiceTexts.size(); index++) {
                String choiceText = choiceTexts.get(index);
                choice(choices, index).put("content", choiceText);
                ((ObjectNode) choices.get(index)).set("logprobs", logprobs(textPieces(choiceText), request));
            }
        }
        json.set("usage", usage(completionPieces()));
        json.put("service_tier", "default");
        json.put("system_fingerprint", "fp_fake");
        return json.toString();
    }

    // A choice with its message (to be completed), no logprobs and the finish reason.
    private ObjectNode choice(ArrayNode choices, int index) {
        ObjectNode choice = choices.addObject().put("index", index);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason());
        return message;
    }

    // The logprobs of these content pieces, or null when the request did not ask for them.
    private static JsonNode logprobs(List<String> pieces, RecordedRequest request) {
        if (!request.json().path("logprobs").asBoolean(false)) {
            return MAPPER.nullNode();
        }
        int alternatives = request.json().path("top_logprobs").asInt(0);
        ObjectNode logprobs = MAPPER.createObjectNode();
        ArrayNode content = logprobs.putArray("content");
        for (String piece : pieces) {
            ObjectNode token = content.addObject().put("token", piece).put("logprob", TOKEN_LOGPROB);
            token.set("bytes", bytes(piece));
            ArrayNode top = token.putArray("top_logprobs");
            for (int k = 0; k < alternatives; k++) {
                String alternative = piece + "~" + k;
                top.addObject().put("token", alternative).put("logprob", -(k + 1.0)).set("bytes", bytes(alternative));
            }
        }
        logprobs.putNull("refusal");
        return logprobs;
    }

    private static ArrayNode bytes(String token) {
        ArrayNode bytes = MAPPER.createArrayNode();
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return bytes;
    }

    private List<String> chunks(RecordedRequest request) {
        ChunkWriter writer = new ChunkWriter(request);
        List<String> data = new ArrayList<>();
        if (kind == Kind.TOOL_CALLS) {
            for (int index = 0; index < toolCalls.size(); index++) {
                ToolCall call = toolCalls.get(index);
                ObjectNode delta = MAPPER.createObjectNode();
                if (index == 0) {
                    delta.put("role", "assistant").putNull("content");
                }
                delta.putArray("tool_calls").addObject().put("index", index).put("id", call.id())
                        .put("type", "function")
                        .putObject("function").put("name", call.name()).put("arguments", "");
                if (index == 0) {
                    delta.putNull("refusal");
                }
                data.add(writer.chunk(0, delta, null));
                for (String fragment : argumentPieces(call.arguments())) {
                    ObjectNode fragmentDelta = MAPPER.createObjectNode();
                    fragmentDelta.putArray("tool_calls").addObject().put("index", index)
                            .putObject("function").put("arguments", fragment);
                    data.add(writer.chunk(0, fragmentDelta, null));
                }
            }
            data.add(writer.chunk(0, MAPPER.createObjectNode(), finishReason()));
        } else {
            List<List<String>> pieces = choiceTexts.stream().map(this::textPieces).toList();
            for (int index = 0; index < pieces.size(); index++) {
                data.add(writer.chunk(index, MAPPER.createObjectNode().put("role", "assistant").put("content", "")
                        .putNull("refusal"), null));
            }
            int longest = pieces.stream().mapToInt(List::size).max().orElse(0);
            for (int position = 0; position < longest; position++) {
                for (int index = 0; index < pieces.size(); index++) {
                    if (position < pieces.get(index).size()) {
                        String piece = pieces.get(index).get(position);
                        data.add(writer.chunk(index, MAPPER.createObjectNode().put("content", piece),
                                              logprobs(List.of(piece), request), null));
                    }
                }
            }
            for (int index = 0; index < pieces.size(); index++) {
                data.add(writer.chunk(index, MAPPER.createObjectNode(), finishReason()));
            }
        }
        if (request.includeUsage()) {
            data.add(writer.usageChunk(usage(completionPieces())));
        }
        return data;
    }

    private Iterator<byte[]> endlessStream(RecordedRequest request) {
        ChunkWriter writer = new ChunkWriter(request);
        return new Iterator<>() {
            private boolean first = true;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                ObjectNode delta = MAPPER.createObjectNode();
                if (first) {
                    delta.put("role", "assistant");
                    first = false;
                }
                return event(writer.chunk(0, delta.put("content", text), null));
            }
        };
    }

    private static Iterator<byte[]> endlessBlanks() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                return " ".getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private ObjectNode usage(int pieces) {
        int completion = completionTokens >= 0 ? completionTokens : pieces;
        ObjectNode usage = MAPPER.createObjectNode()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completion)
                .put("total_tokens", promptTokens + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens)
                .put("audio_tokens", 0).put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return usage;
    }

    private int completionPieces() {
        if (kind == Kind.TOOL_CALLS) {
            return toolCalls.stream().mapToInt(call -> argumentPieces(call.arguments()).size()).sum();
        }
        return choiceTexts.stream().mapToInt(choice -> textPieces(choice).size()).sum();
    }

    private String finishReason() {
        if (finishReason != null) {
            return finishReason;
        }
        return kind == Kind.TOOL_CALLS ? "tool_calls" : "stop";
    }

    private List<String> textPieces(String text) {
        if (deltas > 0) {
            return split(text, deltas);
        }
        List<String> words = new ArrayList<>(List.of(text.split("(?<=\\S)(?=\\s)")));
        words.removeIf(String::isEmpty);
        return words.isEmpty() ? List.of("") : words;
    }

    private List<String> argumentPieces(String arguments) {
        if (deltas > 0) {
            return split(arguments, deltas);
        }
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < arguments.length(); start += ARGUMENT_FRAGMENT) {
            pieces.add(arguments.substring(start, Math.min(arguments.length(), start + ARGUMENT_FRAGMENT)));
        }
        return pieces.isEmpty() ? List.of("") : pieces;
    }

    // count pieces of near-equal length, never splitting a code point (fewer when the text is shorter)
    private static List<String> split(String text, int count) {
        int[] codePoints = text.codePoints().toArray();
        int pieces = Math.max(1, Math.min(count, codePoints.length));
        List<String> result = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            int from = (int) ((long) codePoints.length * i / pieces);
            int to = (int) ((long) codePoints.length * (i + 1) / pieces);
            result.add(new String(codePoints, from, to - from));
        }
        return result;
    }

    private static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String nextId() {
        return "chatcmpl-fake" + IDS.incrementAndGet();
    }

    private static String errorType(int status) {
        return switch (status) {
            case 429 -> "requests";
            case 401, 403, 404 -> "invalid_request_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
    }

    // The fields every chunk of one stream shares, as OpenAI writes them.
    private static final class ChunkWriter {

        private final String id = nextId();
        private final long created = Instant.now().getEpochSecond();
        private final String model;
        private final boolean includeUsage;

        ChunkWriter(RecordedRequest request) {
            this.model = request.json().path("model").asText("fake-model");
            this.includeUsage = request.includeUsage();
        }

        String chunk(int index, ObjectNode delta, String finishReason) {
            return chunk(index, delta, MAPPER.nullNode(), finishReason);
        }

        String chunk(int index, ObjectNode delta, JsonNode logprobs,
                     String finishReason) {
            ObjectNode chunk = base();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", index);
            choice.set("delta", delta);
            choice.set("logprobs", logprobs);
            choice.put("finish_reason", finishReason);
            if (includeUsage) {
                chunk.putNull("usage");
            }
            return chunk.toString();
        }

        String usageChunk(ObjectNode usage) {
            ObjectNode chunk = base();
            chunk.putArray("choices");
            chunk.set("usage", usage);
            return chunk.toString();
        }

        private ObjectNode base() {
            return MAPPER.createObjectNode()
                    .put("id", id)
                    .put("object", "chat.completion.chunk")
                    .put("created", created)
                    .put("model", model)
                    .put("service_tier", "default")
                    .put("system_fingerprint", "fp_fake");
        }
    }
}
