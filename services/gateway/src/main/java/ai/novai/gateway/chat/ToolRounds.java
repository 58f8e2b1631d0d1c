package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ai.novai.gateway.http.ClientGone;
import ai.novai.gateway.tools.ServerTool;
import ai.novai.gateway.tools.ToolExecutor;
import ai.novai.gateway.tools.ToolResult;
import ai.novai.gateway.tools.ToolSettings;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FunctionDefinition;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import ai.novai.proto.inference.v1.Usage;
import io.grpc.Context;
import io.helidon.webserver.http.ServerRequest;

/**
 * What the server-side tool loops of chat completions share, streamed or not: offering the server's tools to the
 * model as function tools, telling the model's calls of them from calls of the client's own functions, running a
 * round of calls in parallel, and the conversation the next round sends.
 */
final class ToolRounds {

    /** Most calls of one turn that are run; the model is told about the others. */
    static final int MAX_CALLS_PER_ROUND = 128;

    private final ToolExecutor executor;
    private final ToolSettings settings;

    ToolRounds(ToolExecutor executor, ToolSettings settings) {
        this.executor = executor;
        this.settings = settings;
    }

    /** Most rounds of execution before the model is asked to answer without tools. */
    int maxIterations() {
        return settings.maxIterations();
    }

    /** The request with the server's tools added to its own functions. */
    static ChatRequest offer(ChatRequest request, Map<String, ServerTool> offered) {
        ChatRequest.Builder builder = request.toBuilder();
        offered.values().forEach(tool -> builder.addTools(Tool.newBuilder().setFunction(
                FunctionDefinition.newBuilder().setName(tool.name()).setDescription(tool.description())
                        .setParametersJson(tool.parametersJson()))));
        return builder.build();
    }

    /** Whether every call is of a server tool: the round is NovAI's to run (else the client gets them). */
    static boolean allServerCalls(List<ToolCall> calls, Map<String, ServerTool> offered) {
        return !calls.isEmpty() && calls.stream().allMatch(call -> offered.containsKey(call.getFunction().getName()));
    }

    /** The calls the client must run: those of its own functions. */
    static List<ToolCall> clientCalls(List<ToolCall> calls, Map<String, ServerTool> offered) {
        return calls.stream().filter(call -> !offered.containsKey(call.getFunction().getName())).toList();
    }

    /**
     * Runs one round of calls, at most {@code max-parallel} at once, under a cancellable context the caller cancels
     * when its client leaves (then {@link ClientGone} is thrown once the calls ended); {@code whileWaiting} runs
     * every {@code tick} until they are done (keep-alives).
     *
     * @return the results, in the calls' order
     */
    List<ToolResult> run(ServerRequest request, List<ToolCall> calls, Map<String, ServerTool> offered,
                          Context.CancellableContext context, Duration tick, Runnable whileWaiting) {
        Semaphore slots = new Semaphore(settings.maxParallel());
        List<Future<ToolResult>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls.size(); i++) {
                ToolCall call = calls.get(i);
                if (i >= MAX_CALLS_PER_ROUND) {
                    results.add(CompletableFuture.completedFuture(new ToolResult(
                            "Not run: at most " + MAX_CALLS_PER_ROUND + " tool calls are run per turn.", true, false,
                            "skipped")));
                    continue;
                }
                ServerTool tool = offered.get(call.getFunction().getName());
                // each call runs in the request's gRPC context (cancellation) and its trace (span parent)
                results.add(threads.submit(io.opentelemetry.context.Context.current().wrap(context.wrap(() -> {
                    slots.acquire();
                    try {
                        return executor.execute(request, "chat", tool, call.getId(), call.getFunction().getArguments());
                    } finally {
                        slots.release();
                    }
                }))));
            }
            boolean done = false;
            try {
                List<ToolResult> ran = new ArrayList<>();
                for (Future<ToolResult> result : results) {
                    ran.add(await(result, tick, whileWaiting));
                }
                if (context.isCancelled()) {
                    // the client left while its tools ran: no next round
                    throw new ClientGone(ClientGone.Reason.DISCONNECTED, context.cancellationCause());
                }
                done = true;
                return ran;
            } finally {
                if (!done) {
                    // the client left (or the wait failed): the executions still running are not waited for
                    context.cancel(null);
                    threads.shutdownNow();
                }
            }
        }
    }

    private static ToolResult await(Future<ToolResult> result, Duration tick, Runnable whileWaiting) {
        while (true) {
            try {
                return result.get(tick.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                whileWaiting.run();
            } catch (ExecutionException failed) {
                // the executor turns every failure of a call into a result: this is a defect, with its stack
                throw new IllegalStateException("a tool execution failed", failed.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while tools ran", e);
            }
        }
    }

    /** The {@code tool} messages answering the calls with their results. */
    static List<ChatMessage> toolMessages(List<ToolCall> calls, List<ToolResult> results) {
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            messages.add(toolMessage(calls.get(i), results.get(i)));
        }
        return messages;
    }

    private static ChatMessage toolMessage(ToolCall call, ToolResult result) {
        return ChatMessage.newBuilder()
                .setRole(Role.ROLE_TOOL)
                .setToolCallId(call.getId())
                .addContent(ContentPart.newBuilder().setText(result.text()))
                .build();
    }

    /**
     * The next round's request: the conversation so far, the model's calls and their results. The round after the
     * last one allowed has tool choice {@code none}: the model must answer.
     */
    static ChatRequest next(ChatRequest request, ChatMessage assistant, List<ChatMessage> results, boolean last) {
        ChatRequest.Builder builder = request.toBuilder().addMessages(assistant).addAllMessages(results);
        if (last) {
            builder.setToolChoice(ToolChoice.newBuilder().setMode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE));
        }
        return builder.build();
    }

    /** The assistant message of a round that called tools. */
    static ChatMessage assistantCalling(List<ToolCall> calls) {
        return ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT).addAllToolCalls(calls).build();
    }

    /** Adds a round's usage to the request's. */
    static void addUsage(Usage.Builder total, Usage round) {
        total.setPromptTokens(total.getPromptTokens() + round.getPromptTokens())
                .setCompletionTokens(total.getCompletionTokens() + round.getCompletionTokens())
                .setTotalTokens(total.getTotalTokens() + round.getTotalTokens())
                .setCachedPromptTokens(total.getCachedPromptTokens() + round.getCachedPromptTokens())
                .setReasoningTokens(total.getReasoningTokens() + round.getReasoningTokens());
    }
}
