package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ai.novai.common.openai.CompletionWire;
import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.billing.LedgerStatus;
import ai.novai.gateway.billing.MeteredCall;
import ai.novai.gateway.billing.MeteredRequest;
import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.http.ClientConnections;
import ai.novai.gateway.http.ClientGone;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.http.WriteTimeouts;
import ai.novai.gateway.http.RequestIds;
import ai.novai.gateway.keys.Authenticated;
import ai.novai.gateway.tools.ServerTool;
import ai.novai.gateway.tools.ServerTools;
import ai.novai.gateway.tools.ToolCatalog;
import ai.novai.gateway.tools.ToolSelection;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatRequest;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.StatusRuntimeException;
import io.helidon.config.Config;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/chat/completions}: validated here, served by inference over gRPC, answered as OpenAI's
 * {@code chat.completion} JSON or, with {@code stream: true}, as server-sent chunks.
 * Configuration ({@code novai.chat}): {@code deadline}, {@code model-deadlines}, {@code keep-alive},
 * {@code stream-window}.
 */
public final class ChatCompletionsService implements HttpService {

    private static final String ENDPOINT = "chat.completions";

    private final BackendChannels backends;
    private final Metering metering;
    private final ChatDeadlines deadlines;
    private final ChatStreamRelay relay;
    private final ClientConnections clientConnections;
    private final ToolCatalog catalog;
    private final ChatToolLoop toolLoop;
    private final ChatToolStream toolStream;

    public ChatCompletionsService(BackendChannels backends, Metering metering, Config chat,
                                  WriteTimeouts writeTimeouts, ClientConnections clientConnections,
                                  ServerTools serverTools) {
        this.backends = backends;
        this.clientConnections = clientConnections;
        this.metering = metering;
        ChatSettings settings = ChatSettings.from(chat);
        this.deadlines = settings.deadlines();
        Duration keepAlive = settings.keepAlive();
        this.relay = new ChatStreamRelay(backends, keepAlive, settings.streamWindow(), writeTimeouts);
        this.catalog = serverTools.catalog();
        ToolRounds rounds = new ToolRounds(serverTools.executor(), serverTools.settings());
        this.toolLoop = new ChatToolLoop(backends, metering, rounds, clientConnections, keepAlive);
        this.toolStream = new ChatToolStream(relay, metering, rounds, clientConnections, keepAlive);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create);
    }

    private void create(ServerRequest request, ServerResponse response) {
        ChatRequestParser.Parsed parsed = ChatRequestParser.parse(Json.readObject(request), RequestIds.of(request));
        ChatRequest chat = parsed.request();
        if (!parsed.serverTools().isEmpty()) {
            withServerTools(request, response, parsed);
            return;
        }
        MeteredRequest metered = metering.admit(request, response, MeteredCall.chat(ENDPOINT, chat, parsed.stream()));
        try {
            Duration deadline = deadlines.of(chat.getModel());
            if (parsed.stream()) {
                relay.relay(chat, parsed.includeUsage(), deadline, response, metered,
                            stream -> clientConnections.watch(request, () -> stream.stop()));
                return;
            }
            ChatCompletion completion;
            ListenableFuture<ChatCompletion> call = backends.inferenceFuture()
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .complete(chat);
            try (ClientConnections.Watch client = clientConnections.watch(request, () -> call.cancel(true))) {
                completion = answer(call, client);
            }
            metered.bill(completion.getModel(), provider(completion.getProvider()),
                         completion.getUsage().getPromptTokens(), completion.getUsage().getCompletionTokens(),
                         LedgerStatus.COMPLETED);
            Json.send(response, Status.OK_200, CompletionWire.write(completion));
        } finally {
            metered.release();
        }
    }

    // A request offering server-side tools: its model calls run in rounds, each admitted and billed on its own.
    private void withServerTools(ServerRequest request, ServerResponse response, ChatRequestParser.Parsed parsed) {
        ChatRequest chat = parsed.request();
        // the model is checked first: a key that may not use it learns that, whatever the tools
        metering.requireAllowed(Authenticated.key(request), chat.getModel());
        Set<String> functions = chat.getToolsList().stream().map(tool -> tool.getFunction().getName())
                .collect(Collectors.toSet());
        Map<String, ServerTool> offered = ToolSelection.resolve(parsed.serverTools(), Authenticated.key(request),
                                                                catalog, functions);
        Duration deadline = deadlines.of(chat.getModel());
        if (parsed.stream()) {
            toolStream.stream(request, response, chat, offered, parsed.includeUsage(), deadline);
            return;
        }
        Json.send(response, Status.OK_200, CompletionWire.write(toolLoop.complete(request, response, chat, offered,
                                                                                 deadline)));
    }

    // The answer of a non-streamed call, once it came. A client gone meanwhile cancelled the call: nobody to answer,
    // nothing was produced, nothing is billed.
    static ChatCompletion answer(ListenableFuture<ChatCompletion> call, ClientConnections.Watch client) {
        try {
            return call.get();
        } catch (CancellationException cancelled) {
            throw new ClientGone(ClientGone.Reason.DISCONNECTED, cancelled);
        } catch (ExecutionException failed) {
            StatusRuntimeException status = failed.getCause() instanceof StatusRuntimeException grpc
                    ? grpc : io.grpc.Status.fromThrowable(failed.getCause()).asRuntimeException();
            if (client.clientGone()) {
                throw new ClientGone(ClientGone.Reason.DISCONNECTED, status);
            }
            throw GrpcToHttpErrors.toApiException("inference", status);
        } catch (InterruptedException e) {
            // the gateway is stopping this request (its drain deadline passed): the model call goes with it
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw GrpcToHttpErrors.toApiException("inference", io.grpc.Status.CANCELLED
                    .withDescription("interrupted").asRuntimeException());
        }
    }

    /** The provider a backend reported, if it reported one. */
    public static Optional<String> provider(String provider) {
        return provider.isEmpty() ? Optional.empty() : Optional.of(provider);
    }
}
