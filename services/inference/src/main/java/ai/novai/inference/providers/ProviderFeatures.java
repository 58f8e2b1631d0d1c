package ai.novai.inference.providers;

import java.util.Optional;

import ai.novai.common.grpc.BackendError;
import ai.novai.common.openai.PassthroughFields;
import ai.novai.proto.inference.v1.ChatRequest;

/**
 * What of OpenAI's request an adapter serves beyond one plain choice: the one place that knows which request
 * parameters need which feature, and how a request that needs a missing one is refused (a 400 naming the
 * parameter, as OpenAI refuses what a model does not support).
 *
 * @param logprobs          whether the adapter returns the log probabilities of the output tokens
 * @param multipleChoices   whether the adapter generates {@code n > 1} choices in one call
 * @param unmodelledFields  whether the adapter passes request fields NovAI does not model on to its upstream
 *                          ({@link PassthroughFields}); an adapter that does not ignores the hints among them
 */
public record ProviderFeatures(boolean logprobs, boolean multipleChoices, boolean unmodelledFields) {

    /** Plain completions only. */
    public static final ProviderFeatures NONE = new ProviderFeatures(false, false, false);

    /** Everything listed here. */
    public static final ProviderFeatures ALL = new ProviderFeatures(true, true, true);

    /** Features that pass no unmodelled field on. */
    public ProviderFeatures(boolean logprobs, boolean multipleChoices) {
        this(logprobs, multipleChoices, false);
    }

    /** What both serve: the features of a model whose deployments have different adapters. */
    public ProviderFeatures and(ProviderFeatures other) {
        return new ProviderFeatures(logprobs && other.logprobs, multipleChoices && other.multipleChoices,
                                    unmodelledFields && other.unmodelledFields);
    }

    /** Whether these features serve the request. */
    public boolean serve(ChatRequest request) {
        return (logprobs || !wantsLogprobs(request)) && (multipleChoices || !wantsChoices(request))
                && (unmodelledFields || unknownField(request).isEmpty());
    }

    /**
     * The refusal of a request that needs a feature missing here, for the model named.
     *
     * @return an {@code INVALID_ARGUMENT} error, or empty when the request needs nothing missing
     */
    public Optional<BackendError> refusal(ChatRequest request, String model) {
        if (wantsLogprobs(request) && !logprobs) {
            return Optional.of(BackendError.invalidArgument("The model '" + model
                    + "' does not return log probabilities: 'logprobs' is not supported with it.", "logprobs",
                                                            "unsupported_parameter"));
        }
        if (wantsChoices(request) && !multipleChoices) {
            return Optional.of(BackendError.invalidArgument("The model '" + model
                    + "' generates one choice per request: 'n' must be 1 with it.", "n", "unsupported_value"));
        }
        Optional<String> unknown = unmodelledFields ? Optional.empty() : unknownField(request);
        if (unknown.isPresent()) {
            return Optional.of(BackendError.invalidArgument("Unrecognized request argument supplied: "
                    + unknown.get() + " (the model '" + model + "' takes only the parameters NovAI models).",
                                                            unknown.get(), "unknown_parameter"));
        }
        return Optional.empty();
    }

    // the passed-on fields but the hints, which an adapter that passes nothing on ignores
    private static Optional<String> unknownField(ChatRequest request) {
        return request.getPassthroughJson().isEmpty() ? Optional.empty() : PassthroughFields.firstUnknown(request);
    }

    private static boolean wantsLogprobs(ChatRequest request) {
        return request.getLogprobs();
    }

    private static boolean wantsChoices(ChatRequest request) {
        return request.hasN() && request.getN() > 1;
    }
}
