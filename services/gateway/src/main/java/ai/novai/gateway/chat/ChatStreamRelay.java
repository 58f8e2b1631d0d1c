package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import ai.novai.common.openai.ChunkWire;
import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.billing.LedgerStatus;
import ai.novai.gateway.billing.MeteredRequest;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.http.ClientConnections;
import ai.novai.gateway.http.ClientGone;
import ai.novai.gateway.http.Draining;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.http.SseWriter;
import ai.novai.gateway.http.WriteTimeouts;
import ai.novai.gateway.observability.ChatStreamMetrics;
import ai.novai.gateway.observability.GatewayMetrics;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.Usage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.webserver.http.ServerResponse;

/**
 * Relays {@code StreamComplete} to the client as OpenAI's server-sent events.
 * <ul>
 *     <li>A failure before the first chunk is a plain HTTP error: the response is committed only when
 *     the first chunk arrives, or when the first keep-alive is due.</li>
 *     <li>The relay reads the gRPC stream at the client's pace ({@link InferenceStream}): a slow reader slows
 *     the model down and costs a bounded window of chunks; one that reads nothing for the write timeout is
 *     cut ({@link WriteTimeouts}).</li>
 *     <li>While the model is silent, SSE comments keep the connection (and proxies) alive.</li>
 *     <li>A client that goes away ({@link ClientGone}) stops the gRPC call ({@link InferenceStream#stop()}),
 *     which aborts the provider's request; the stream is billed for what was produced, as inference counted
 *     it: a stream cut before its first chunk too, when its request had reached a provider.</li>
 *     <li>A failure after the stream started is one {@code error} event, then {@code [DONE]}. A stream
 *     that ends before every choice ({@code n} of them, by index) had its finish reason never looks complete:
 *     it gets an error event too.</li>
 *     <li>The usage chunk is forwarded only when the client asked for it.</li>
 * </ul>
 */
final class ChatStreamRelay {

    private static final System.Logger LOGGER = System.getLogger(ChatStreamRelay.class.getName());
    static final String DONE = "[DONE]";
    // how long the bill of a stopped stream waits for inference's end and the usage it reports
    private static final Duration END_WAIT = Duration.ofSeconds(2);

    private final BackendChannels backends;
    private final Duration keepAlive;
    private final int window;
    private final WriteTimeouts writeTimeouts;

    ChatStreamRelay(BackendChannels backends, Duration keepAlive, int window, WriteTimeouts writeTimeouts) {
        this.backends = backends;
        this.keepAlive = keepAlive;
        this.window = window;
        this.writeTimeouts = writeTimeouts;
    }

    /**
     * Relays one stream.
     *
     * @param clientWatch watches the client's connection while the stream runs, stopping the stream when
     *                    the client closes it
     */
    void relay(ChatRequest request, boolean includeUsage, Duration deadline, ServerResponse response,
               MeteredRequest metered, Function<InferenceStream, ClientConnections.Watch> clientWatch) {
        InferenceStream stream = start(request, deadline);
        try (ClientConnections.Watch client = clientWatch.apply(stream)) {
            relay(stream, client, choices(request), includeUsage, response, metered);
        }
    }

    // how many choices the stream must finish to be complete
    private static int choices(ChatRequest request) {
        return request.hasN() ? request.getN() : 1;
    }

    /** Starts one inference stream, read at the client's pace. */
    InferenceStream start(ChatRequest request, Duration deadline) {
        return InferenceStream.start(
                backends.inferenceAsync().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS),
                request, window);
    }

    /** Opens the response's event stream. */
    SseWriter open(ServerResponse response, ClientConnections.Watch client) {
        return SseWriter.open(response, writeTimeouts, client::lastProgressNanos);
    }

    private void relay(InferenceStream stream, ClientConnections.Watch client, int choices, boolean includeUsage,
                       ServerResponse response, MeteredRequest metered) {
        StreamEvent first = next(stream);
        if (first instanceof StreamEvent.Failed failed) {
            if (client.clientGone()) {
                // cut before its first chunk: billed only if its request reached a provider (the prompt)
                stop(stream).ifPresent(usage -> new StreamTally(metered).bill(LedgerStatus.CANCELLED, Optional.of(usage)));
                throw new ClientGone(ClientGone.Reason.DISCONNECTED, failed.failure());
            }
            throw apiError(failed.failure());
        }
        StreamTally tally = new StreamTally(metered);
        try (ChatStreamMetrics metrics = GatewayMetrics.get().chatStream(metered.tier(), metered.startNanos());
             SseWriter sse = open(response, client)) {
            try {
                String outcome = relay(first, stream, client, sse, tally, metrics, choices, includeUsage);
                metrics.ended(outcome);
            } catch (ClientGone gone) {
                tally.bill(LedgerStatus.CANCELLED, stop(stream));
                metrics.ended(gone.reason().label());
            } catch (RuntimeException bug) {
                // not a client that left, not a backend failure: a defect of the relay itself
                LOGGER.log(System.Logger.Level.ERROR, "relaying a chat stream failed", bug);
                stream.stop();
                tally.bill(LedgerStatus.INTERRUPTED);
                metrics.ended("failed");
                try {
                    endWithError(sse, new OpenAiError("The gateway failed while relaying the stream.",
                                                      "server_error", null, "internal_error"));
                } catch (ClientGone gone) {
                    // nobody left to tell
                }
            }
        }
    }

    // Relays events until the stream ends; returns its outcome.
    private String relay(StreamEvent first, InferenceStream stream, ClientConnections.Watch client, SseWriter sse,
                         StreamTally tally, ChatStreamMetrics metrics, int choices, boolean includeUsage) {
        // the indexes (of the choices asked for) that had their finish reason
        Set<Integer> finished = new HashSet<>();
        StreamEvent event = first;
        while (true) {
            switch (event) {
                case StreamEvent.Silence ignored -> sse.comment("keep-alive");
                case StreamEvent.Chunk(ChatCompletionChunk chunk) -> {
                    tally.add(chunk);
                    metrics.chunk(chunk);
                    for (ChunkChoice choice : chunk.getChoicesList()) {
                        if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED
                                && choice.getIndex() >= 0 && choice.getIndex() < choices) {
                            finished.add(choice.getIndex());
                        }
                    }
                    if (shouldForward(chunk, includeUsage)) {
                        sse.data(ChunkWire.write(chunk, includeUsage).toString());
                    }
                }
                case StreamEvent.Failed(Throwable failure) -> {
                    if (client.clientGone()) {
                        throw new ClientGone(ClientGone.Reason.DISCONNECTED, failure);
                    }
                    if (tally.producedOutput()) {
                        tally.bill(LedgerStatus.INTERRUPTED);
                    }
                    endWithError(sse, apiError(failure).error());
                    return "interrupted";
                }
                case StreamEvent.Completed ignored -> {
                    // the ledger row is committed before the last byte: a stream fully received is billed
                    if (finished.size() == choices) {
                        tally.bill(LedgerStatus.COMPLETED);
                        sse.data(DONE);
                        return "completed";
                    }
                    tally.bill(LedgerStatus.INTERRUPTED);
                    endWithError(sse, new OpenAiError("The model's stream ended before it was complete.",
                                                      "server_error", null, "stream_interrupted"));
                    return "interrupted";
                }
            }
            event = next(stream);
        }
    }

    // Stops a stream whose client left; what inference used without reporting it, for the bill.
    static Optional<Usage> stop(InferenceStream stream) {
        stream.stop();
        return stream.awaitUnreportedUsage(END_WAIT);
    }

    StreamEvent next(InferenceStream stream) {
        try {
            return stream.next(keepAlive);
        } catch (InterruptedException e) {
            // the gateway is shutting down and the drain deadline passed: stop the model, end the stream
            stream.stop();
            return new StreamEvent.Failed(Draining.shuttingDown());
        }
    }

    static void endWithError(SseWriter sse, OpenAiError error) {
        sse.data(Json.mapper().valueToTree(error.asBody()).toString());
        sse.data(DONE);
    }

    // The last chunk carries only usage: the client sees it only when it asked for it.
    private static boolean shouldForward(ChatCompletionChunk chunk, boolean includeUsage) {
        if (chunk.getChoicesCount() == 0) {
            return includeUsage && chunk.hasUsage();
        }
        return chunk.getChoicesList().stream().anyMatch(ChatStreamRelay::carriesSomething);
    }

    private static boolean carriesSomething(ChunkChoice choice) {
        return choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED
                || choice.getDelta().hasRole() || choice.getDelta().hasContent() || choice.getDelta().hasRefusal()
                || choice.getDelta().getToolCallsCount() > 0 || choice.hasLogprobs();
    }

    static ApiException apiError(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        StatusRuntimeException status = failure instanceof StatusRuntimeException grpc
                ? grpc : Status.fromThrowable(failure).asRuntimeException();
        return GrpcToHttpErrors.toApiException("inference", status);
    }
}
