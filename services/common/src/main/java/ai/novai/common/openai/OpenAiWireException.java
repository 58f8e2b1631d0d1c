package ai.novai.common.openai;

/**
 * JSON that is not OpenAI's chat wire format: names the parameter by its path (e.g.
 * {@code messages[2].tool_calls[0].function.arguments}) and carries OpenAI's error code for it. The gateway turns
 * it into its 400 {@code invalid_request_error}; inference into the failure of a malformed upstream answer.
 */
public final class OpenAiWireException extends RuntimeException {

    private final String param;
    private final String code;

    private OpenAiWireException(String message, String param, String code) {
        super(message);
        this.param = param;
        this.code = code;
    }

    /** A required field is missing (or JSON null). */
    public static OpenAiWireException missing(String path) {
        return new OpenAiWireException("Missing required parameter: '" + path + "'.", path,
                                       "missing_required_parameter");
    }

    /** A required field is missing, and so is the {@code alternative} that could stand in for it. */
    public static OpenAiWireException missing(String path, String alternative) {
        return new OpenAiWireException("Missing required parameter: '" + path + "' (or '" + alternative + "').", path,
                                       "missing_required_parameter");
    }

    /** A value of the wrong JSON type. */
    public static OpenAiWireException invalidType(String path, String expected) {
        return new OpenAiWireException("Invalid type for '" + path + "': expected " + expected + ".", path,
                                       "invalid_type");
    }

    /** A value the parameter does not allow. */
    public static OpenAiWireException invalidValue(String path, String problem) {
        return new OpenAiWireException("Invalid value for '" + path + "': " + problem, path, "invalid_value");
    }

    /** Something OpenAI's format has that NovAI does not serve. */
    public static OpenAiWireException unsupported(String path, String message) {
        return new OpenAiWireException(message, path, "unsupported_parameter");
    }

    /** A value of a form OpenAI's format has that NovAI does not serve. */
    public static OpenAiWireException unsupportedValue(String path, String message) {
        return new OpenAiWireException(message, path, "unsupported_value");
    }

    /** The parameter's path, e.g. {@code messages[2].content}. */
    public String param() {
        return param;
    }

    /** OpenAI's error code: {@code missing_required_parameter}, {@code invalid_type}, {@code invalid_value}, ... */
    public String code() {
        return code;
    }
}
