package ai.novai.embedding.providers;

/**
 * An adapter that turns inputs into vectors: the local ONNX model, or an upstream HTTP API. The service
 * has validated the request against the registry before calling it (model offered, input count, empty
 * inputs, {@code dimensions} allowed); the adapter checks what only it knows (token limits, input kinds it
 * accepts) and fails with a {@link io.grpc.StatusRuntimeException} carrying a
 * {@link ai.novai.common.grpc.BackendError}.
 */
public interface EmbeddingProvider extends AutoCloseable {

    /**
     * Embeds every input of the call as one unit of work.
     *
     * @return one vector per input, in input order, and the tokens the call consumed
     */
    EmbeddingResult embed(EmbeddingCall call);

    /** Releases models, threads and connections; later calls fail. Does nothing by default. */
    @Override
    default void close() {
    }
}
