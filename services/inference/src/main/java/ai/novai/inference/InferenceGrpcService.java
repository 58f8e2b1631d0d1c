package ai.novai.inference;

import java.util.Map;

import ai.novai.common.grpc.BackendCalls;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.ModelRegistry;
import ai.novai.upstream.UpstreamCancelled;
import ai.novai.inference.routing.ChatRouter;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.common.v1.ListModelsResponse;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.DeploymentHealthRequest;
import ai.novai.proto.inference.v1.DeploymentHealthResponse;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.inference.v1.StreamCompleteReply;
import ai.novai.proto.inference.v1.StreamCompleteRequest;
import io.grpc.stub.StreamObserver;
import io.helidon.webserver.ServerConnectionException;

/**
 * {@code novai.inference.v1.InferenceService}: chat completions through the router, the catalogue, and the
 * deployments' health.
 * A call the gateway cancels (its client went away, its deadline passed), or a stream it stops, cancels the
 * upstream request.
 */
final class InferenceGrpcService extends InferenceServiceGrpc.InferenceServiceImplBase {

    private final ModelRegistry registry;
    private final Map<String, String> environment;
    private final ChatRouter router;
    private final DeploymentHealthReport health;

    InferenceGrpcService(ModelRegistry registry, Map<String, String> environment, ChatRouter router) {
        this.registry = registry;
        this.environment = Map.copyOf(environment);
        this.router = router;
        this.health = new DeploymentHealthReport(registry, environment, router.recentCalls());
    }

    @Override
    public void complete(ChatRequest request, StreamObserver<ChatCompletion> response) {
        CancelSignal cancel = BackendCalls.cancelSignal(response);
        try {
            response.onNext(router.complete(request, cancel));
            response.onCompleted();
        } catch (RuntimeException e) {
            BackendCalls.fail(response, e, cancel, "chat completion");
        }
    }

    @Override
    public StreamObserver<StreamCompleteRequest> streamComplete(StreamObserver<StreamCompleteReply> response) {
        // the cancel handler must be set before this method returns (grpc-java freezes it then)
        CancelSignal cancel = BackendCalls.cancelSignal(response);
        StreamEnding ending = new StreamEnding(response);
        return new StreamCompleteCall(response, cancel, ending,
                                      (request, credits) -> streamComplete(request, credits, response, cancel, ending));
    }

    private void streamComplete(ChatRequest request, ChunkCredits credits, StreamObserver<StreamCompleteReply> response,
                                CancelSignal cancel, StreamEnding ending) {
        Runnable close;
        try {
            router.stream(request, chunk -> {
                credits.take();
                send(response, chunk, cancel);
            }, cancel, ending::unreportedUsage);
            close = response::onCompleted;
        } catch (RuntimeException e) {
            close = () -> BackendCalls.fail(response, e, cancel, "chat completion");
        }
        ending.end(close);
    }

    // The caller's connection closed under a write (its gateway gone without a word): that is the caller
    // leaving, never the provider's failure (no breaker, no error meter).
    private static void send(StreamObserver<StreamCompleteReply> response, ChatCompletionChunk chunk,
                             CancelSignal cancel) {
        try {
            response.onNext(StreamCompleteReply.newBuilder().setChunk(chunk).build());
        } catch (ServerConnectionException gone) {
            cancel.cancel();
            throw new UpstreamCancelled();
        }
    }

    @Override
    public void deploymentHealth(DeploymentHealthRequest request,
                                 StreamObserver<DeploymentHealthResponse> response) {
        response.onNext(health.now());
        response.onCompleted();
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
        response.onNext(registry.listModels(ModelKind.MODEL_KIND_CHAT, environment));
        response.onCompleted();
    }
}
