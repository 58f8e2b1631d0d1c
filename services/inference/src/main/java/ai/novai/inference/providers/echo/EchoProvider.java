package ai.novai.inference.providers.echo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ai.novai.upstream.UpstreamCancelled;
import ai.novai.inference.providers.ChatProvider;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.CompletionIds;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.ProviderFeatures;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.Usage;

/**
 * {@code novai-echo}: a deterministic test model built into NovAI, so that a fresh install answers with
 * no configuration and tests have a model whose answers they can predict. It is not a language model:
 * see {@link EchoReply} for what it says. It streams word by word at the {@code pace} of its provider
 * entry (a duration between pieces, default none).
 */
public final class EchoProvider implements ChatProvider {

    private static final int ARGUMENT_FRAGMENT = 8;

    // echo is not a language model: it has no token distribution whose log probabilities it could report, and its
    // one deterministic answer is no sample of n
    @Override
    public ProviderFeatures features() {
        return ProviderFeatures.NONE;
    }

    @Override
    public ChatCompletion complete(ProviderCall call) {
        EchoReply reply = EchoReply.to(call.request());
        ChatMessage.Builder message = ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT);
        reply.toolCall().ifPresentOrElse(
                tool -> message.addToolCalls(ToolCall.newBuilder()
                        .setId(CompletionIds.toolCall())
                        .setFunction(FunctionCall.newBuilder().setName(tool.name()).setArguments(tool.arguments()))),
                () -> message.addContent(ContentPart.newBuilder().setText(reply.text())));
        return ChatCompletion.newBuilder()
                .setId(CompletionIds.completion())
                .setCreated(Instant.now().getEpochSecond())
                .setModel(call.model().id())
                .setProvider(call.deployment().name())
                .addChoices(Choice.newBuilder().setIndex(0).setMessage(message).setFinishReason(reply.finishReason()))
                .setUsage(usage(reply))
                .build();
    }

    @Override
    public void stream(ProviderCall call, ChunkSink sink) {
        EchoReply reply = EchoReply.to(call.request());
        Duration pace = call.provider().settings().get("pace").as(Duration.class).orElse(Duration.ZERO);
        ChatCompletionChunk template = ChatCompletionChunk.newBuilder()
                .setId(CompletionIds.completion())
                .setCreated(Instant.now().getEpochSecond())
                .setModel(call.model().id())
                .setProvider(call.deployment().name())
                .build();
        List<Delta> deltas = reply.toolCall().map(EchoProvider::toolCallDeltas).orElseGet(() -> textDeltas(reply.text()));
        for (int i = 0; i < deltas.size(); i++) {
            if (i > 0) {
                pause(pace, call);
            }
            Delta delta = i == 0 ? deltas.get(i).toBuilder().setRole(Role.ROLE_ASSISTANT).build() : deltas.get(i);
            sink.accept(template.toBuilder().addChoices(ChunkChoice.newBuilder().setIndex(0).setDelta(delta)).build());
        }
        sink.accept(template.toBuilder().addChoices(ChunkChoice.newBuilder()
                .setIndex(0)
                .setDelta(Delta.getDefaultInstance())
                .setFinishReason(reply.finishReason())).build());
        sink.accept(template.toBuilder().setUsage(usage(reply)).build());
    }

    private static List<Delta> textDeltas(String text) {
        List<Delta> deltas = new ArrayList<>();
        for (String piece : text.split("(?<=\\s)")) {
            if (!piece.isEmpty()) {
                deltas.add(Delta.newBuilder().setContent(piece).build());
            }
        }
        if (deltas.isEmpty()) {
            deltas.add(Delta.newBuilder().setContent("").build());
        }
        return deltas;
    }

    private static List<Delta> toolCallDeltas(EchoReply.EchoToolCall tool) {
        List<Delta> deltas = new ArrayList<>();
        deltas.add(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder()
                .setIndex(0)
                .setId(CompletionIds.toolCall())
                .setFunctionName(tool.name())
                .setArgumentsFragment("")).build());
        String arguments = tool.arguments();
        for (int start = 0; start < arguments.length(); start += ARGUMENT_FRAGMENT) {
            deltas.add(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder()
                    .setIndex(0)
                    .setArgumentsFragment(arguments.substring(start, Math.min(arguments.length(),
                                                                               start + ARGUMENT_FRAGMENT)))).build());
        }
        return deltas;
    }

    private static Usage usage(EchoReply reply) {
        int completion = reply.completionTokens();
        return Usage.newBuilder()
                .setPromptTokens(reply.promptTokens())
                .setCompletionTokens(completion)
                .setTotalTokens(reply.promptTokens() + completion)
                .build();
    }

    private static void pause(Duration pace, ProviderCall call) {
        if (pace.isZero()) {
            return;
        }
        try {
            Thread.sleep(pace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (call.cancel().isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new UpstreamCancelled();
        }
    }
}
