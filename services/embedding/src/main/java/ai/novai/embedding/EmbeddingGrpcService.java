package ai.novai.embedding;

import ai.novai.common.grpc.BackendCalls;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.common.v1.ListModelsResponse;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbedResponse;
import ai.novai.proto.embedding.v1.EmbeddingServiceGrpc;
import io.grpc.stub.StreamObserver;

/**
 * {@code novai.embedding.v1.EmbeddingService}: embeddings through the router, and the catalogue. A call
 * the gateway cancels (its client went away, its deadline passed) drops its queued inputs or aborts its
 * upstream request.
 */
final class EmbeddingGrpcService extends EmbeddingServiceGrpc.EmbeddingServiceImplBase {

    private final EmbeddingRouter router;

    EmbeddingGrpcService(EmbeddingRouter router) {
        this.router = router;
    }

    @Override
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> response) {
        CancelSignal cancel = BackendCalls.cancelSignal(response);
        try {
            response.onNext(router.embed(request, cancel));
            response.onCompleted();
        } catch (RuntimeException e) {
            BackendCalls.fail(response, e, cancel, "embedding");
        }
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
        response.onNext(router.listModels());
        response.onCompleted();
    }
}
