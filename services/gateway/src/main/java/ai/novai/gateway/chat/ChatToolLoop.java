package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.billing.LedgerStatus;
import ai.novai.gateway.billing.MeteredCall;
import ai.novai.gateway.billing.MeteredRequest;
import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.http.ClientConnections;
import ai.novai.gateway.http.ClientGone;
import ai.novai.gateway.tools.ServerTool;
import ai.novai.gateway.tools.ToolResult;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.Usage;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Context;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A non-streamed chat completion whose model may call server-side tools: each round is one model call (admitted,
 * billed and written to the ledger on its own), the server's tools its model called are run, their results sent
 * back, until the model answers or calls a function of the client's (returned as today) or the rounds run out
 * (then the model is asked once more, without tools). The answer's usage is the sum of every round's.
 */
final class ChatToolLoop {

    static final String ENDPOINT = "chat.completions";

    private final BackendChannels backends;
    private final Metering metering;
    private final ToolRounds rounds;
    private final ClientConnections clientConnections;
    private final Duration keepAlive;

    ChatToolLoop(BackendChannels backends, Metering metering, ToolRounds rounds, ClientConnections clientConnections,
                 Duration keepAlive) {
        this.backends = backends;
        this.metering = metering;
        this.rounds = rounds;
        this.clientConnections = clientConnections;
        this.keepAlive = keepAlive;
    }

    /** Runs the rounds; the completion to answer with. */
    ChatCompletion complete(ServerRequest request, ServerResponse response, ChatRequest first,
                            Map<String, ServerTool> offered, Duration deadline) {
        ChatRequest current = ToolRounds.offer(first, offered);
        Usage.Builder total = Usage.newBuilder();
        for (int round = 0; ; round++) {
            ChatCompletion completion = call(request, response, current, deadline);
            ToolRounds.addUsage(total, completion.getUsage());
            Choice choice = completion.getChoicesCount() == 0 ? Choice.getDefaultInstance() : completion.getChoices(0);
            List<ToolCall> calls = choice.getMessage().getToolCallsList();
            // after the last round the model was told to answer (tool choice none): one that calls tools all the
            // same gets no more rounds
            if (!ToolRounds.allServerCalls(calls, offered) || round >= rounds.maxIterations()) {
                return answer(completion, choice, ToolRounds.clientCalls(calls, offered), total.build());
            }
            List<ToolResult> results;
            try (Context.CancellableContext context = Context.current().withCancellation();
                 ClientConnections.Watch client = clientConnections.watch(request, () -> context.cancel(null))) {
                results = rounds.run(request, calls, offered, context, keepAlive, () -> {
                    if (client.clientGone()) {
                        throw new ClientGone(ClientGone.Reason.DISCONNECTED, null);
                    }
                });
            }
            current = ToolRounds.next(current, ToolRounds.assistantCalling(calls), ToolRounds.toolMessages(calls, results),
                                      round + 1 >= rounds.maxIterations());
        }
    }

    private ChatCompletion call(ServerRequest request, ServerResponse response, ChatRequest chat, Duration deadline) {
        MeteredRequest metered = metering.admit(request, response, MeteredCall.chat(ENDPOINT, chat, false));
        try {
            ListenableFuture<ChatCompletion> call = backends.inferenceFuture()
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .complete(chat);
            ChatCompletion completion;
            try (ClientConnections.Watch client = clientConnections.watch(request, () -> call.cancel(true))) {
                completion = ChatCompletionsService.answer(call, client);
            }
            metered.bill(completion.getModel(), ChatCompletionsService.provider(completion.getProvider()),
                         completion.getUsage().getPromptTokens(), completion.getUsage().getCompletionTokens(),
                         LedgerStatus.COMPLETED);
            return completion;
        } finally {
            metered.release();
        }
    }

    // the last round's completion, with only the client's own calls and the usage of every round
    private static ChatCompletion answer(ChatCompletion completion, Choice choice, List<ToolCall> clientCalls,
                                         Usage total) {
        ChatCompletion.Builder answer = completion.toBuilder().setUsage(total);
        if (choice.getMessage().getToolCallsCount() != clientCalls.size()) {
            answer.setChoices(0, choice.toBuilder().setMessage(
                    choice.getMessage().toBuilder().clearToolCalls().addAllToolCalls(clientCalls)));
        }
        return answer.build();
    }
}
