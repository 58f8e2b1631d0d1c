package ai.novai.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import ai.novai.common.grpc.BackendError;
import ai.novai.proto.tools.v1.ExecuteRequest;
import ai.novai.proto.tools.v1.ExecuteResponse;
import ai.novai.proto.tools.v1.ToolDescriptor;
import ai.novai.tools.builtin.HostResolver;
import ai.novai.tools.mcp.StdioTestServerMain;
import ai.novai.tools.mcp.TestMcpServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A stdio MCP server (the SDK's server, in a JVM the service starts): its tools listed under its label,
 * called, their arguments checked, its list refreshed on list_changed, its crash survived, limits applied.
 */
class StdioMcpTest {

    private static TestTools tools;

    @BeforeAll
    static void start() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        tools = TestTools.start("""
                mcp-servers:
                  - label: local
                    transport: stdio
                    command: ["%s", "-cp", "%s", "%s"]
                    env: { GREETING: { from-env: TEST_GREETING } }
                    timeout-ms: 3000
                    max-output-bytes: 1000
                """.formatted(java, System.getProperty("java.class.path"), StdioTestServerMain.class.getName()),
                                Map.of("TEST_GREETING", "hello"), HostResolver.SYSTEM);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        tools.close();
    }

    @Test
    void listsItsToolsUnderItsLabel() {
        ToolDescriptor echo = tools.tool("local__echo").orElseThrow();
        assertThat(echo.getServerLabel(), is("local"));
        assertThat(echo.getTool(), is("echo"));
        assertThat(echo.getParametersJson(), containsString("\"text\""));
        assertThat(echo.getLimits().getTimeoutMs(), is(3000L));
        assertThat(echo.getLimits().getMaxOutputBytes(), is(1000L));
        assertThat("a name longer than 64 characters is left out",
                   tools.tool("local__" + TestMcpServer.LONG_NAME).isPresent(), is(false));
        assertThat("a built-in the registry does not list is not offered",
                   tools.tool("novai__current_time").isPresent(), is(false));
    }

    @Test
    void callsATool() {
        ExecuteResponse response = tools.execute("local__echo", "{\"text\":\"hi\"}");
        assertThat(response.getIsError(), is(false));
        assertThat(response.getOutput(), is("echo: hi"));
        assertThat(response.getDurationMs(), lessThan(3000L));
    }

    @Test
    void argumentsAgainstTheSchemaAreRefused() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                                                      () -> tools.execute("local__echo", "{\"text\":42}"));
        assertThat(refused.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(refused.getStatus().getDescription(), containsString("do not match its schema"));
        assertThat(refused.getStatus().getDescription(), containsString("text"));
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                                                      () -> tools.execute("local__echo", "{}"));
        assertThat(missing.getStatus().getDescription(), containsString("required"));
        StatusRuntimeException notJson = assertThrows(StatusRuntimeException.class,
                                                      () -> tools.execute("local__echo", "{text: hi"));
        assertThat(notJson.getStatus().getDescription(), containsString("not valid JSON"));
    }

    @Test
    void anUnknownToolIsNotFound() {
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                                                      () -> tools.execute("local__nothing", "{}"));
        assertThat(missing.getStatus().getCode(), is(Status.Code.NOT_FOUND));
        assertThat(BackendError.from(missing).orElseThrow().code(), is("tool_not_found"));
        assertThat(assertThrows(StatusRuntimeException.class, () -> tools.execute("echo", "{}"))
                           .getStatus().getCode(), is(Status.Code.NOT_FOUND));
    }

    @Test
    void oversizedArgumentsAreRefused() {
        String huge = "{\"text\":\"" + "a".repeat(1024 * 1024) + "\"}";
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                                                      () -> tools.execute("local__echo", huge));
        assertThat(refused.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(refused.getStatus().getDescription(), containsString("larger than 1048576 bytes"));
    }

    @Test
    void aSlowToolTimesOut() {
        long start = System.nanoTime();
        ExecuteResponse response = tools.execute("local__sleep", "{\"ms\":20000}");
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), is("timed out after 3000 ms"));
        assertThat((System.nanoTime() - start) / 1_000_000, lessThan(6000L));
        assertThat("the server still answers", tools.execute("local__echo", "{\"text\":\"a\"}").getOutput(),
                   is("echo: a"));
    }

    @Test
    void longOutputIsCutOnACharacterBoundary() {
        ExecuteResponse response = tools.execute("local__big", "{\"bytes\":5000}");
        assertThat(response.getTruncated(), is(true));
        assertThat(response.getOutput().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                   lessThanOrEqualTo(1000));
        assertThat(response.getOutput(), is("ü".repeat(500)));
    }

    @Test
    void errorsAndImagesAreMapped() {
        ExecuteResponse failed = tools.execute("local__fail", "{}");
        assertThat(failed.getIsError(), is(true));
        assertThat(failed.getOutput(), is("it broke"));
        ExecuteResponse image = tools.execute("local__image", "{}");
        assertThat(image.getOutput(), is("[image: image/png, 6 bytes]\na picture"));
    }

    @Test
    void aChangedListIsPickedUp() {
        assertThat(tools.tool("local__extra").isPresent(), is(false));
        tools.execute("local__grow", "{}");
        await(Duration.ofSeconds(10), () -> tools.tool("local__extra").isPresent());
        assertThat(tools.execute("local__extra", "{}").getOutput(), is("extra!"));
    }

    @Test
    void aCrashedServerIsRestarted() {
        ExecuteResponse crash = tools.execute("local__crash", "{}");
        assertThat(crash.getIsError(), is(true));
        // while it restarts, calls are answered at once
        long start = System.nanoTime();
        ExecuteResponse during = tools.execute("local__echo", "{\"text\":\"b\"}");
        if (during.getIsError()) {
            assertThat(during.getOutput(), containsString("unavailable"));
            assertThat((System.nanoTime() - start) / 1_000_000, lessThan(1000L));
        }
        await(Duration.ofSeconds(15), () -> !tools.execute("local__echo", "{\"text\":\"c\"}").getIsError());
        assertThat(tools.execute("local__echo", "{\"text\":\"d\"}").getOutput(), is("echo: d"));
    }

    @Test
    void aCancelledCallLeavesNoThreadRunning() throws Exception {
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        java.util.concurrent.CompletableFuture<Void> called = new java.util.concurrent.CompletableFuture<>();
        context.run(() -> tools.async().execute(
                ExecuteRequest.newBuilder().setName("local__sleep").setArgumentsJson("{\"ms\":20000}").build(),
                new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(ExecuteResponse value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        called.complete(null);
                    }

                    @Override
                    public void onCompleted() {
                        called.complete(null);
                    }
                }));
        await(Duration.ofSeconds(5), () -> toolThreads() > 0);
        context.cancel(null);
        called.get(5, java.util.concurrent.TimeUnit.SECONDS);
        await(Duration.ofSeconds(5), () -> toolThreads() == 0);
    }

    // threads running a tool call (the executor names them tool-<n>); virtual threads are only in a thread dump
    private static long toolThreads() {
        return TestTools.threadsNamed("tool-");
    }

    static void await(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
