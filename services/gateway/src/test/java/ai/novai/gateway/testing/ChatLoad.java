package ai.novai.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients sending chat completions through a gateway (with {@link NovaiCluster#DEV_KEY}) until stopped, each
 * answer judged in full: a 200, and for a stream {@code data: [DONE]} without an error event.
 */
public final class ChatLoad implements AutoCloseable {

    private final int gatewayPort;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger served = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();

    private ChatLoad(int gatewayPort) {
        this.gatewayPort = gatewayPort;
    }

    /** Starts a client per body, each sending its body over and over. */
    public static ChatLoad start(int gatewayPort, List<String> bodies) {
        ChatLoad load = new ChatLoad(gatewayPort);
        for (String body : bodies) {
            load.clients.add(Thread.ofVirtual().start(() -> {
                HttpClient http = HttpClient.newHttpClient();
                while (load.running.get()) {
                    load.send(http, body);
                }
            }));
        }
        return load;
    }

    /** Sends one request beside the load (on a thread of its own), judged like the others. */
    public void once(String body) {
        clients.add(Thread.ofVirtual().start(() -> send(HttpClient.newHttpClient(), body)));
    }

    public int served() {
        return served.get();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(30));
        }
    }

    private void send(HttpClient http, String body) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/v1/chat/completions"))
                            .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean stream = body.contains("\"stream\":true");
            boolean complete = response.statusCode() == 200
                    && (!stream || response.body().contains("data: [DONE]") && !response.body().contains("\"error\""));
            if (complete) {
                served.incrementAndGet();
            } else {
                failures.add(response.statusCode() + " " + response.body()
                        .substring(0, Math.min(300, response.body().length())));
            }
        } catch (IOException | InterruptedException e) {
            failures.add(e.toString());
        }
    }
}
