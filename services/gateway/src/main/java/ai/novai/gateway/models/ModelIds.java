package ai.novai.gateway.models;

import java.util.regex.Pattern;

import ai.novai.common.openai.OpenAiWireException;
import ai.novai.gateway.errors.ApiException;

/**
 * What a model id may look like before it travels to a backend: at most {@value #MAX_LENGTH} visible ASCII
 * characters (OpenAI's ids, fine-tune ids such as {@code ft:gpt-4o:org:name:id} and provider paths such as
 * {@code anthropic/claude-3.5} fit). Anything else is refused with 400 here, before any gRPC call, so that
 * no user-sized value reaches a status or a header of an internal hop.
 */
public final class ModelIds {

    /** The longest model id accepted. */
    public static final int MAX_LENGTH = 256;

    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");

    private ModelIds() {
    }

    /**
     * The id, when it is well formed.
     *
     * @param id    the id as the client sent it
     * @param param the request parameter it came in, for the error
     * @return the id
     * @throws ai.novai.gateway.errors.ApiException 400 {@code invalid_value} when it is too long or malformed
     */
    public static String require(String id, String param) {
        if (id.length() > MAX_LENGTH) {
            throw ApiException.badRequest(OpenAiWireException.invalidValue(param, "a model id has at most " + MAX_LENGTH + " characters, got "
                    + id.length() + "."));
        }
        if (!VISIBLE_ASCII.matcher(id).matches()) {
            throw ApiException.badRequest(OpenAiWireException.invalidValue(param, "a model id is made of visible ASCII characters, without spaces."));
        }
        return id;
    }
}
