package ai.novai.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What SIGTERM does, through the very method the shutdown hook calls ({@code shutdown()}): readiness
 * turns false, new work is refused, an open SSE stream runs to its end within the drain deadline (or is
 * ended cleanly at it), then the service stops.
 */
class GracefulShutdownTest {

    private static final String SLOW_ECHO = """
            providers:
              echo: { type: echo, pace: %s }
            models:
              - { id: slow-echo, kind: chat, provider: echo }
            """;
    private static final String WORDS = "one two three four five six seven eight";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void gatewayFinishesAnOpenStreamRefusesNewRequestsThenStops() throws Exception {
        try (NovaiCluster cluster = slowCluster("PT0.2S", "PT20S")) {
            Iterator<String> stream = openStream(cluster, WORDS);
            List<String> events = new ArrayList<>(List.of(firstData(stream)));
            int port = cluster.gatewayPort();

            long started = System.nanoTime();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(cluster.gateway()::shutdown);
            awaitTrue(() -> get(cluster.managementPort(), "/observe/health/ready").statusCode() == 503);

            HttpResponse<String> refused = get(cluster.gatewayPort(), "/v1/models");
            assertThat(refused.statusCode(), is(503));
            assertThat(Http.json(refused).path("error").path("code").asText(), is("shutting_down"));
            assertThat(refused.headers().firstValue("retry-after").orElse(""), is("1"));
            assertThat(shutdown.isDone(), is(false));

            stream.forEachRemaining(events::add);
            shutdown.get(10, TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(text(events), is("You said: " + WORDS));
            assertThat(events.getLast(), is("data: [DONE]"));
            assertThat(tookMillis, lessThan(20_000L));
            assertThrows(IOException.class, () -> client.send(request(port, "/v1/models").build(),
                                                                HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void aStreamOutlivingTheDrainDeadlineEndsWithAnErrorEventAndDone() throws Exception {
        try (NovaiCluster cluster = slowCluster("PT1S", "PT1S")) {
            Iterator<String> stream = openStream(cluster, WORDS + " " + WORDS + " " + WORDS);
            List<String> events = new ArrayList<>(List.of(firstData(stream)));

            long started = System.nanoTime();
            cluster.gateway().shutdown();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            stream.forEachRemaining(events::add);

            List<String> errorCodes = events.stream()
                    .filter(event -> event.startsWith("data: {\"error\""))
                    .map(event -> Http.json(event.substring(6)).path("error").path("code").asText())
                    .toList();
            assertThat(errorCodes, is(List.of("shutting_down")));
            assertThat(events.getLast(), is("data: [DONE]"));
            assertThat(tookMillis, lessThan(5_000L));
        }
    }

    @Test
    void backendReportsNotServingRefusesNewCallsAndFinishesTheStreamInFlight() throws Exception {
        try (NovaiCluster cluster = slowCluster("PT0.2S", "PT20S")) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", cluster.inference().port())
                    .usePlaintext().build();
            try {
                Iterator<String> stream = openStream(cluster, WORDS);
                List<String> events = new ArrayList<>(List.of(firstData(stream)));

                CompletableFuture<Void> shutdown = CompletableFuture.runAsync(cluster.inference()::shutdown);
                HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
                awaitTrue(() -> health.check(HealthCheckRequest.getDefaultInstance()).getStatus()
                        == ServingStatus.NOT_SERVING);
                // served a second more, while health checkers catch up; then refused (REFUSED_STREAM: not processed)
                StatusRuntimeException refused = null;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (refused == null && System.nanoTime() < until) {
                    try {
                        InferenceServiceGrpc.newBlockingStub(channel).listModels(ListModelsRequest.getDefaultInstance());
                        Thread.sleep(100);
                    } catch (StatusRuntimeException e) {
                        refused = e;
                    }
                }
                assertThat("refused after the health grace", refused == null ? null : refused.getStatus().getCode(),
                           is(Status.Code.UNAVAILABLE));

                stream.forEachRemaining(events::add);
                shutdown.get(10, TimeUnit.SECONDS);

                assertThat(text(events), is("You said: " + WORDS));
                assertThat(events, hasItem("data: [DONE]"));
                assertThat(cluster.inference().isRunning(), is(false));
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static NovaiCluster slowCluster(String pace, String drainDeadline) {
        return NovaiCluster.start(NovaiCluster.registry(SLOW_ECHO.formatted(pace)),
                                  Map.of(), Map.of("shutdown.drain-deadline", drainDeadline));
    }

    /** Starts a chat stream and answers its SSE lines (blank separators left out), read as they come. */
    private Iterator<String> openStream(NovaiCluster cluster, String words) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = client.send(
                request(cluster.gatewayPort(), "/v1/chat/completions")
                        .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"slow-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                                        + "\"content\":\"" + words + "\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode(), is(200));
        return response.body().filter(line -> !line.isEmpty()).iterator();
    }

    private static String firstData(Iterator<String> stream) {
        while (stream.hasNext()) {
            String line = stream.next();
            if (line.startsWith("data: {")) {
                return line;
            }
        }
        throw new AssertionError("the stream ended before its first event");
    }

    private static String text(List<String> events) {
        return events.stream()
                .filter(event -> event.startsWith("data: {"))
                .map(event -> Http.json(event.substring(6)).path("choices").path(0).path("delta")
                        .path("content").asText(""))
                .reduce("", String::concat);
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return client.send(request(port, path).header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                       .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(20);
        }
    }
}
