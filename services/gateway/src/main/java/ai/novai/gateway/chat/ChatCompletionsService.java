package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.http.RequestIds;
import ai.novai.gateway.observability.GatewayMetrics;
import ai.novai.proto.inference.v1.ChatCompletion;
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
 * Configuration ({@code novai.chat}): {@code deadline}, {@code model-deadlines}, {@code keep-alive}.
 */
public final class ChatCompletionsService implements HttpService {

    private final BackendChannels backends;
    private final ChatDeadlines deadlines;
    private final ChatStreamRelay relay;

    public ChatCompletionsService(BackendChannels backends, Config chat) {
        this.backends = backends;
        this.deadlines = ChatDeadlines.from(chat);
        this.relay = new ChatStreamRelay(backends, chat.get("keep-alive").as(Duration.class)
                .orElse(Duration.ofSeconds(15)));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create);
    }

    private void create(ServerRequest request, ServerResponse response) {
        ChatRequestParser.Parsed parsed = ChatRequestParser.parse(Json.readObject(request), RequestIds.of(request));
        Duration deadline = deadlines.of(parsed.request().getModel());
        if (parsed.stream()) {
            relay.relay(parsed.request(), parsed.includeUsage(), deadline, response);
            return;
        }
        ChatCompletion completion;
        try {
            completion = backends.inference()
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .complete(parsed.request());
        } catch (StatusRuntimeException e) {
            throw GrpcToHttpErrors.toApiException("inference", e);
        }
        GatewayMetrics.get().chatUsage(completion.getModel(), "default", completion.getUsage());
        Json.send(response, Status.OK_200, ChatJson.completion(completion));
    }
}
