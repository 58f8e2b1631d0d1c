package ai.novai.gateway.batches;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import ai.novai.common.openai.CompletionWire;
import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.billing.MeteredCall;
import ai.novai.gateway.billing.MeteredLine;
import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.billing.PromptTokens;
import ai.novai.gateway.chat.ChatCompletionsService;
import ai.novai.gateway.chat.ChatDeadlines;
import ai.novai.gateway.chat.ChatRequestParser;
import ai.novai.gateway.embeddings.EmbeddingJson;
import ai.novai.gateway.embeddings.EmbeddingRequestParser;
import ai.novai.gateway.embeddings.EmbeddingsService;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.store.RandomIds;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbedResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.StatusRuntimeException;

/**
 * Runs one line the way the interactive endpoints run a request: the same parser, admission (at the key's batch
 * share of RPM/TPM and the model's batch prices), backend call, deadline and error mapping. Decides only what the
 * line came to; committing it is the worker's.
 */
final class LineRunner {

    private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(60);

    private final BackendChannels backends;
    private final Metering metering;
    private final ChatDeadlines chatDeadlines;
    private final Duration embeddingDeadline;
    private final BatchSettings settings;

    LineRunner(BackendChannels backends, Metering metering, ChatDeadlines chatDeadlines, Duration embeddingDeadline,
               BatchSettings settings) {
        this.backends = backends;
        this.metering = metering;
        this.chatDeadlines = chatDeadlines;
        this.embeddingDeadline = embeddingDeadline;
        this.settings = settings;
    }

    LineOutcome run(BatchEndpoint endpoint, String batchId, ApiKey key, JsonNode body, int attempts) {
        String requestId = RandomIds.next("req_");
        MeteredLine meter = null;
        try {
            return switch (endpoint) {
                case CHAT_COMPLETIONS -> {
                    ChatRequest chat = ChatRequestParser.parse(body, requestId).request();
                    meter = metering.admitLine(key, MeteredCall.chat(endpoint.ledgerName(), chat, false), batchId,
                                               requestId, settings.rateShare());
                    ChatCompletion completion = backends.inference()
                            .withDeadlineAfter(chatDeadlines.of(chat.getModel()).toMillis(), TimeUnit.MILLISECONDS)
                            .complete(chat);
                    yield new LineOutcome.Answered(requestId, CompletionWire.write(completion), meter.entry(
                            completion.getModel(), ChatCompletionsService.provider(completion.getProvider()),
                            completion.getUsage().getPromptTokens(), completion.getUsage().getCompletionTokens()),
                                                   meter);
                }
                case EMBEDDINGS -> {
                    EmbeddingRequestParser.Parsed parsed = EmbeddingRequestParser.parse(body, requestId);
                    EmbedRequest embed = parsed.request();
                    meter = metering.admitLine(key, new MeteredCall(
                            endpoint.ledgerName(), embed.getModel(),
                            new PromptTokens(() -> EmbeddingsService.inputTokens(embed)), OptionalLong.empty(), false,
                            false), batchId, requestId, settings.rateShare());
                    EmbedResponse embedded = backends.embedding()
                            .withDeadlineAfter(embeddingDeadline.toMillis(), TimeUnit.MILLISECONDS)
                            .embed(embed);
                    yield new LineOutcome.Answered(requestId, EmbeddingJson.response(embedded, parsed.base64()),
                                                   meter.entry(embedded.getModel(), Optional.empty(),
                                                               embedded.getUsage().getPromptTokens(), 0), meter);
                }
            };
        } catch (ApiException refused) {
            release(meter);
            return decide(requestId, refused, attempts);
        } catch (StatusRuntimeException failed) {
            release(meter);
            return decide(requestId, GrpcToHttpErrors.toApiException(
                    endpoint == BatchEndpoint.EMBEDDINGS ? "embedding" : "inference", failed), attempts);
        }
    }

    // Over its key's batch share: wait, not an attempt. Backend unavailable, overloaded or too slow: try again with
    // backoff while attempts remain. Anything else is the line's answer.
    private LineOutcome decide(String requestId, ApiException error, int attempts) {
        int status = error.status().code();
        String code = error.error().code();
        if (status == 499) {
            // the call was cancelled: this replica is stopping; the line runs again, here or elsewhere
            return new LineOutcome.Later(Duration.ZERO, false, error);
        }
        if (status == 429 && "rate_limit_exceeded".equals(code)) {
            return new LineOutcome.Later(error.retryAfter().orElse(BACKOFF_BASE), false, error);
        }
        boolean transientFailure = status == 503 || status == 504 || (status == 429 && !"insufficient_quota".equals(code));
        if (transientFailure && attempts < settings.maxAttempts()) {
            Duration backoff = BACKOFF_BASE.multipliedBy(1L << Math.min(attempts - 1, 6));
            return new LineOutcome.Later(backoff.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff, true, error);
        }
        return new LineOutcome.Failed(requestId, error);
    }

    private static void release(MeteredLine meter) {
        if (meter != null) {
            meter.release();
        }
    }
}
