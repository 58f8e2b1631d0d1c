package ai.novai.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.models.ProviderType;
import com.sun.net.httpserver.HttpServer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The one classification of upstream errors, over real HTTP: every status class and transport failure becomes
 * the same {@link UpstreamException} whichever service and provider format made the call.
 */
class UpstreamClientTest {

    private HttpServer server;
    private volatile int status;
    private volatile String body = "";
    private volatile Map<String, String> headers = Map.of();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "429, RATE_LIMITED",
            "401, AUTHENTICATION",
            "403, AUTHENTICATION",
            "408, TIMEOUT",
            "500, SERVER_ERROR",
            "503, SERVER_ERROR",
            "529, SERVER_ERROR",
            "301, SERVER_ERROR"
    })
    void failuresWorthAnotherAttemptAreClassifiedOnce(int code, UpstreamFailure.Kind kind) {
        status = code;
        body = "{\"error\":{\"message\":\"nope\"}}";

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, this::send);

        assertThat(failure.kind(), is(kind));
    }

    @Test
    void aRateLimitCarriesTheProvidersWait() {
        status = 429;
        headers = Map.of("Retry-After-Ms", "250", "Retry-After", "9");

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, this::send);

        assertThat(failure.retryAfter(), is(Optional.of(Duration.ofMillis(250))));
    }

    @Test
    void aRedirectPointsAtTheBaseUrl() {
        status = 301;
        headers = Map.of("Location", "https://elsewhere.example/");

        assertThat(assertThrows(UpstreamFailure.class, this::send).getMessage(), containsString("base-url"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"error\":{\"message\":\"bad temperature\",\"param\":\"temperature\"}}|bad temperature|temperature",
            "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload\",\"status\":\"INVALID_ARGUMENT\"}}|Invalid JSON payload|",
            "{\"message\":\"Malformed input request\"}|Malformed input request|",
            "plain words|plain words|"
    })
    void otherClientErrorsAreRejectionsWithTheProvidersMessage(String error, String message, String param) {
        status = 400;
        body = error;

        UpstreamRejection rejection = assertThrows(UpstreamRejection.class, this::send);

        assertThat(rejection.getMessage(), is(message));
        assertThat(rejection.param(), is(param));
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        UpstreamClient client = UpstreamClient.create(entry("http://127.0.0.1:" + closedPort));

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> client.send(
                UpstreamRequest.post(URI.create("http://127.0.0.1:" + closedPort + "/x"), new byte[0]),
                new CancelSignal()));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.UNREACHABLE));
    }

    @Test
    void aStreamWithoutItsEndMarkerIsBrokenAndNamesIt() {
        status = 200;
        body = "data: {}\n\n";
        UpstreamClient client = client();
        UpstreamResponse response = client.send(request(), new CancelSignal());

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> client.events(
                response, new CancelSignal(), "[DONE]", event -> false));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
        assertThat(failure.getMessage(), containsString("[DONE]"));
    }

    @Test
    void anAnswerThatIsNotJsonIsTheUpstreamsFailure() {
        status = 200;
        body = "<html>gateway error</html>";
        UpstreamClient client = client();

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> client.json(
                client.send(request(), new CancelSignal()), new CancelSignal()));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.SERVER_ERROR));
    }

    @Test
    void aCancelledCallIsCancelledWhateverTheExchangeReported() {
        CancelSignal cancel = new CancelSignal();
        cancel.cancel();
        status = 200;
        body = "{}";

        assertThrows(UpstreamCancelled.class, () -> client().send(request(), cancel));
    }

    @Test
    void badTimeoutsStopTheServiceAtStartUp() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> UpstreamClient.create(
                new ProviderEntry("p", ProviderType.OPENAI, Optional.of(base()), Optional.empty(),
                                  Config.just(ConfigSources.create(Map.of("read-timeout", "soon"))))));

        assertThat(error.getMessage(), containsString("read-timeout"));
    }

    private UpstreamResponse send() {
        return client().send(request(), new CancelSignal());
    }

    private UpstreamClient client() {
        return UpstreamClient.create(entry(base()));
    }

    private UpstreamRequest request() {
        return UpstreamRequest.post(URI.create(base() + "/v1/chat/completions"), "{}".getBytes(StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static ProviderEntry entry(String baseUrl) {
        return new ProviderEntry("fake", ProviderType.OPENAI, Optional.of(baseUrl), Optional.empty(),
                                 Config.just(ConfigSources.create(Map.of("read-timeout", "PT5S"))));
    }
}
