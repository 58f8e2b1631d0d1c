package ai.novai.embedding;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.common.v1.ListModelsResponse;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbedResponse;
import ai.novai.proto.embedding.v1.EmbeddingServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * {@code novai.embedding.v1.EmbeddingService}: embeddings through the router, and the catalogue. A call
 * the gateway cancels (its client went away, its deadline passed) drops its queued inputs or aborts its
 * upstream request.
 */
final class EmbeddingGrpcService extends EmbeddingServiceGrpc.EmbeddingServiceImplBase {

    private static final System.Logger LOGGER = System.getLogger(EmbeddingGrpcService.class.getName());

    private final EmbeddingRouter router;

    EmbeddingGrpcService(EmbeddingRouter router) {
        this.router = router;
    }

    @Override
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> response) {
        CancelSignal cancel = new CancelSignal();
        if (response instanceof ServerCallStreamObserver<?> call) {
            call.setOnCancelHandler(cancel::cancel);
        }
        try {
            response.onNext(router.embed(request, cancel));
            response.onCompleted();
        } catch (RuntimeException e) {
            if (cancel.isCancelled()) {
                return;
            }
            if (e instanceof StatusRuntimeException status) {
                response.onError(status);
                return;
            }
            LOGGER.log(System.Logger.Level.ERROR, "embedding failed", e);
            response.onError(Status.INTERNAL.withDescription("embedding failed").asRuntimeException());
        }
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
        response.onNext(router.listModels());
        response.onCompleted();
    }
}
