package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.novai.gateway.billing.LedgerStatus;
import ai.novai.gateway.billing.MeteredCall;
import ai.novai.gateway.billing.MeteredRequest;
import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.http.ClientConnections;
import ai.novai.gateway.http.ClientGone;
import ai.novai.gateway.http.SseWriter;
import ai.novai.gateway.observability.ChatStreamMetrics;
import ai.novai.gateway.observability.GatewayMetrics;
import ai.novai.gateway.tools.ServerTool;
import ai.novai.gateway.tools.ToolResult;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.ToolCall;
import io.grpc.Context;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A streamed chat completion whose model may call server-side tools. Every round is a model stream of its own
 * (admitted, billed and written to the ledger on its own); what the model says is relayed as it comes, its calls
 * of server tools are collected, not relayed, and run between rounds. The client sees one stream: one id, the
 * role once, the model's text, then the client's own tool calls if the model called any, one finish reason, the
 * usage of every round (when asked for) and {@code [DONE]}. Tool rounds show as SSE comments, which every SSE
 * client ignores: {@code : novai tool_call <name> <call id>} before a tool runs and
 * {@code : novai tool_result <name> <outcome>} after.
 */
final class ChatToolStream {

    private final ChatStreamRelay relay;
    private final Metering metering;
    private final ToolRounds rounds;
    private final ClientConnections clientConnections;
    private final Duration keepAlive;

    ChatToolStream(ChatStreamRelay relay, Metering metering, ToolRounds rounds, ClientConnections clientConnections,
                   Duration keepAlive) {
        this.relay = relay;
        this.metering = metering;
        this.rounds = rounds;
        this.clientConnections = clientConnections;
        this.keepAlive = keepAlive;
    }

    // one round's model stream and its meter
    private record Round(InferenceStream stream, MeteredRequest metered, StreamTally tally) {
    }

    // how a round ended: its server calls to run, or the end of the whole stream
    private sealed interface RoundEnd {
        record Calls(List<ToolCall> calls) implements RoundEnd {
        }

        record Ended(String outcome) implements RoundEnd {
        }
    }

    void stream(ServerRequest request, ServerResponse response, ChatRequest first, Map<String, ServerTool> offered,
                boolean includeUsage, Duration deadline) {
        ChatRequest current = ToolRounds.offer(first, offered);
        Round round = start(request, Optional.of(response), current, deadline);
        StreamEvent firstEvent;
        try (ClientConnections.Watch client = clientConnections.watch(request, round.stream()::stop)) {
            firstEvent = relay.next(round.stream());
            if (firstEvent instanceof StreamEvent.Failed failed) {
                round.metered().release();
                if (client.clientGone()) {
                    throw new ClientGone(ClientGone.Reason.DISCONNECTED, failed.failure());
                }
                throw ChatStreamRelay.apiError(failed.failure());
            }
        }
        ToolStreamOutput output = new ToolStreamOutput(includeUsage);
        try (ChatStreamMetrics metrics = GatewayMetrics.get().chatStream(round.metered().tier(),
                                                                          round.metered().startNanos());
             ClientConnections.Watch client = clientConnections.watch(request, () -> { });
             SseWriter sse = relay.open(response, client)) {
            for (int n = 0; ; n++) {
                RoundEnd end;
                try (ClientConnections.Watch ignored = clientConnections.watch(request, round.stream()::stop)) {
                    end = relayRound(round, firstEvent, client, sse, metrics, output, offered,
                                     n >= rounds.maxIterations());
                } catch (ClientGone gone) {
                    round.tally().bill(LedgerStatus.CANCELLED, ChatStreamRelay.stop(round.stream()));
                    metrics.ended(gone.reason().label());
                    return;
                }
                if (end instanceof RoundEnd.Ended(String outcome)) {
                    metrics.ended(outcome);
                    return;
                }
                List<ToolCall> calls = ((RoundEnd.Calls) end).calls();
                List<ToolResult> results;
                try {
                    results = runTools(request, calls, offered, client, sse);
                } catch (ClientGone gone) {
                    metrics.ended(gone.reason().label());
                    return;
                }
                current = ToolRounds.next(current, ToolRounds.assistantCalling(calls),
                                          ToolRounds.toolMessages(calls, results), n + 1 >= rounds.maxIterations());
                try {
                    round = start(request, Optional.empty(), current, deadline);
                } catch (ApiException refused) {
                    // the next round was not admitted (a limit, the ledger): the stream ends with that error
                    ChatStreamRelay.endWithError(sse, refused.error());
                    metrics.ended("interrupted");
                    return;
                }
                firstEvent = null;
            }
        }
    }

    // the first round's admission writes the rate-limit headers; later rounds come after the response started
    private Round start(ServerRequest request, Optional<ServerResponse> response, ChatRequest chat,
                        Duration deadline) {
        MeteredCall call = MeteredCall.chat(ChatToolLoop.ENDPOINT, chat, true);
        MeteredRequest metered = response.isPresent() ? metering.admit(request, response.get(), call)
                : metering.admitFollowUp(request, call);
        return new Round(relay.start(chat, deadline), metered, new StreamTally(metered));
    }

    private List<ToolResult> runTools(ServerRequest request, List<ToolCall> calls, Map<String, ServerTool> offered,
                                      ClientConnections.Watch client, SseWriter sse) {
        for (ToolCall call : calls) {
            sse.comment("novai tool_call " + call.getFunction().getName() + " " + call.getId());
        }
        List<ToolResult> results;
        try (Context.CancellableContext context = Context.current().withCancellation();
             ClientConnections.Watch watch = clientConnections.watch(request, () -> context.cancel(null))) {
            results = rounds.run(request, calls, offered, context, keepAlive, () -> {
                if (client.clientGone()) {
                    throw new ClientGone(ClientGone.Reason.DISCONNECTED, null);
                }
                sse.comment("keep-alive");
            });
        }
        for (int i = 0; i < calls.size(); i++) {
            sse.comment("novai tool_result " + calls.get(i).getFunction().getName() + " " + results.get(i).outcome());
        }
        return results;
    }

    // Relays one round: its text as it comes; its tool calls collected. The round is billed when it ends. The first
    // event of the first round was read before the response was committed; null for the others.
    private RoundEnd relayRound(Round round, StreamEvent first, ClientConnections.Watch client, SseWriter sse,
                                ChatStreamMetrics metrics, ToolStreamOutput output, Map<String, ServerTool> offered,
                                boolean lastRound) {
        ToolCallAssembler calls = new ToolCallAssembler();
        FinishReason finish = FinishReason.FINISH_REASON_UNSPECIFIED;
        StreamEvent event = first != null ? first : relay.next(round.stream());
        while (true) {
            switch (event) {
                case StreamEvent.Silence ignored -> sse.comment("keep-alive");
                case StreamEvent.Chunk(ChatCompletionChunk chunk) -> {
                    round.tally().add(chunk);
                    metrics.chunk(chunk);
                    output.identify(chunk);
                    for (ChunkChoice choice : chunk.getChoicesList()) {
                        choice.getDelta().getToolCallsList().forEach(calls::add);
                        if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                            finish = choice.getFinishReason();
                        }
                    }
                    if (chunk.hasUsage()) {
                        output.addUsage(chunk.getUsage());
                    }
                    output.text(chunk).ifPresent(sse::data);
                }
                case StreamEvent.Failed(Throwable failure) -> {
                    if (client.clientGone()) {
                        throw new ClientGone(ClientGone.Reason.DISCONNECTED, failure);
                    }
                    if (round.tally().producedOutput()) {
                        round.tally().bill(LedgerStatus.INTERRUPTED);
                    } else {
                        round.metered().release();
                    }
                    ChatStreamRelay.endWithError(sse, ChatStreamRelay.apiError(failure).error());
                    return new RoundEnd.Ended("interrupted");
                }
                case StreamEvent.Completed ignored -> {
                    if (finish == FinishReason.FINISH_REASON_UNSPECIFIED) {
                        round.tally().bill(LedgerStatus.INTERRUPTED);
                        ChatStreamRelay.endWithError(sse, new OpenAiError(
                                "The model's stream ended before it was complete.", "server_error", null,
                                "stream_interrupted"));
                        return new RoundEnd.Ended("interrupted");
                    }
                    round.tally().bill(LedgerStatus.COMPLETED);
                    List<ToolCall> called = calls.calls();
                    // the last round was told to answer (tool choice none): calls of it get no more rounds
                    if (finish == FinishReason.FINISH_REASON_TOOL_CALLS && ToolRounds.allServerCalls(called, offered)
                            && !lastRound) {
                        return new RoundEnd.Calls(called);
                    }
                    output.end(ToolRounds.clientCalls(called, offered), finish).forEach(sse::data);
                    sse.data(ChatStreamRelay.DONE);
                    return new RoundEnd.Ended("completed");
                }
            }
            event = relay.next(round.stream());
        }
    }
}
