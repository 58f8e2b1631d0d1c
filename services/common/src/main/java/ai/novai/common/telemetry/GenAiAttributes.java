package ai.novai.common.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attributes of the OpenTelemetry GenAI semantic conventions that NovAI's provider-call spans set
 * (chat in inference, embeddings in the embedding service), and NovAI's own beside them.
 */
public final class GenAiAttributes {

    /** {@code chat}, {@code embeddings}, {@code execute_tool}. */
    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    /** The provider's type, e.g. {@code openai}, {@code anthropic}. */
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    /** The same, under the conventions' older name, which many backends still group by. */
    public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    /** The model the provider was asked for (its own name). */
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    /** Prompt tokens. */
    public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    /** Completion tokens. */
    public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    /** What went wrong, when the call failed. */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** The name of an executed tool (span {@code execute_tool <name>}). */
    public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    /** The model's id of the tool call an execution answers. */
    public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    /** What kind of tool ran: {@code function} for server-side tools. */
    public static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    /** NovAI's public model id, which clients asked for (after aliases and fallbacks). */
    public static final AttributeKey<String> MODEL_ID = AttributeKey.stringKey("novai.model");

    private GenAiAttributes() {
    }
}
