package ai.novai.common.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ai.novai.common.openai.WireFields.field;
import static ai.novai.common.openai.WireFields.required;
import static ai.novai.common.openai.WireFields.requiredString;
import static ai.novai.common.openai.WireFields.string;
import static ai.novai.common.openai.WireFields.text;

/**
 * A message's {@code tool_calls} (whole calls, in requests and completions) and a delta's (fragments, in chunks),
 * with the legacy single {@code function_call} some compatible servers still answer.
 */
public final class ToolCallsWire {

    /** The field of a message or delta that holds its tool calls. */
    public static final String FIELD = "tool_calls";

    private ToolCallsWire() {
    }

    // ---------------------------------------------------------------------------------------------
    // Whole calls
    // ---------------------------------------------------------------------------------------------

    /** Writes the calls onto a message (nothing when there are none). */
    public static void write(List<ToolCall> calls, ObjectNode message) {
        if (calls.isEmpty()) {
            return;
        }
        ArrayNode array = message.putArray(FIELD);
        for (ToolCall call : calls) {
            ObjectNode json = array.addObject();
            json.put("id", call.getId());
            json.put("type", "function");
            json.putObject("function")
                    .put("name", call.getFunction().getName())
                    .put("arguments", call.getFunction().getArguments());
        }
    }

    /** A client's calls of a message at {@code path} (e.g. {@code messages[2]}); absent or null: none. */
    public static List<ToolCall> readStrict(JsonNode message, String path) {
        Optional<JsonNode> calls = field(message, FIELD);
        if (calls.isEmpty()) {
            return List.of();
        }
        String arrayPath = path + "." + FIELD;
        if (!calls.get().isArray()) {
            throw OpenAiWireException.invalidType(arrayPath, "an array");
        }
        ToolCall[] result = new ToolCall[calls.get().size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = callStrict(calls.get().get(i), arrayPath + "[" + i + "]");
        }
        return List.of(result);
    }

    private static ToolCall callStrict(JsonNode call, String path) {
        if (!call.isObject()) {
            throw OpenAiWireException.invalidType(path, "an object");
        }
        String id = requiredString(call, "id", path + ".id");
        string(call, "type", path + ".type").filter(type -> !type.equals("function")).ifPresent(type -> {
            throw OpenAiWireException.invalidValue(path + ".type", "only 'function' tool calls are supported.");
        });
        JsonNode function = required(call, "function", path + ".function");
        if (!function.isObject()) {
            throw OpenAiWireException.invalidType(path + ".function", "an object");
        }
        String name = requiredString(function, "name", path + ".function.name");
        String arguments = string(function, "arguments", path + ".function.arguments").orElse("{}");
        return ToolCall.newBuilder()
                .setId(id)
                .setFunction(FunctionCall.newBuilder().setName(name).setArguments(arguments))
                .build();
    }

    /**
     * An upstream's calls of an answered message, leniently: a missing id gets one of {@code ids}, arguments sent
     * as a JSON object are taken as their text, the legacy {@code function_call} is one more call.
     */
    public static List<ToolCall> readLenient(JsonNode message, IdSource ids) {
        List<ToolCall> result = new ArrayList<>();
        for (JsonNode call : message.path(FIELD)) {
            result.add(call(text(call.path("id")).orElseGet(ids::toolCall), call.path("function")));
        }
        JsonNode legacy = message.path("function_call");
        if (legacy.isObject()) {
            result.add(call(ids.toolCall(), legacy));
        }
        return result;
    }

    private static ToolCall call(String id, JsonNode function) {
        return ToolCall.newBuilder()
                .setId(id)
                .setFunction(FunctionCall.newBuilder()
                                     .setName(function.path("name").asText(""))
                                     .setArguments(arguments(function.path("arguments"))))
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // Fragments of a stream
    // ---------------------------------------------------------------------------------------------

    /** Writes the fragments onto a delta (nothing when there are none). */
    public static void writeDeltas(List<ToolCallDelta> fragments, ObjectNode delta) {
        if (fragments.isEmpty()) {
            return;
        }
        ArrayNode array = delta.putArray(FIELD);
        for (ToolCallDelta fragment : fragments) {
            ObjectNode json = array.addObject();
            json.put("index", fragment.getIndex());
            if (fragment.hasId()) {
                json.put("id", fragment.getId());
                json.put("type", "function");
            }
            ObjectNode function = json.putObject("function");
            if (fragment.hasFunctionName()) {
                function.put("name", fragment.getFunctionName());
            }
            function.put("arguments", fragment.getArgumentsFragment());
        }
    }

    /**
     * An upstream delta's fragments, leniently: a missing index is the fragment's position; the legacy
     * {@code function_call} is call 0, its name (and a new id) on its first fragment.
     */
    public static List<ToolCallDelta> readDeltas(JsonNode delta, IdSource ids) {
        List<ToolCallDelta> result = new ArrayList<>();
        JsonNode calls = delta.path(FIELD);
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            ToolCallDelta.Builder fragment = ToolCallDelta.newBuilder()
                    .setIndex(call.path("index").asInt(i))
                    .setArgumentsFragment(arguments(call.path("function").path("arguments")));
            text(call.path("id")).ifPresent(fragment::setId);
            text(call.path("function").path("name")).ifPresent(fragment::setFunctionName);
            result.add(fragment.build());
        }
        JsonNode legacy = delta.path("function_call");
        if (legacy.isObject()) {
            ToolCallDelta.Builder fragment = ToolCallDelta.newBuilder()
                    .setIndex(0)
                    .setArgumentsFragment(arguments(legacy.path("arguments")));
            text(legacy.path("name")).ifPresent(name -> fragment.setId(ids.toolCall()).setFunctionName(name));
            result.add(fragment.build());
        }
        return result;
    }

    // Arguments are JSON text; a few servers send them as a JSON object instead.
    private static String arguments(JsonNode arguments) {
        if (arguments.isTextual()) {
            return arguments.asText();
        }
        return arguments.isMissingNode() || arguments.isNull() ? "" : arguments.toString();
    }
}
