package ai.novai.gateway.errors;

/**
 * OpenAI's error object. All four keys are always written (null where there is nothing to say):
 * the official SDKs expect them.
 *
 * @param message human-readable message
 * @param type    error type, e.g. {@code invalid_request_error}
 * @param param   the request parameter at fault, or null
 * @param code    machine-readable code, e.g. {@code model_not_found}, or null
 */
public record OpenAiError(String message, String type, String param, String code) {

    /** The body of an error response: {@code {"error": {...}}}. */
    public record Body(OpenAiError error) {
    }

    /** This error as a response body. */
    public Body asBody() {
        return new Body(this);
    }
}
