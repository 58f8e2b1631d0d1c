package ai.novai.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The embedding service's mean batch size over a measurement window: how many requests its micro-batcher
 * put into one model pass. The service publishes the count and the sum of its batch sizes on
 * {@code /observe/metrics} anyway ({@code novai_embedding_batch_size_count} and {@code _sum}, Prometheus
 * text); reading them at both edges of the window costs the service one scrape each, nothing in the
 * measured path. Without the metrics (scrape failed, no batch in the window) there is simply no figure.
 */
final class BatchSizes {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String COUNT = "novai_embedding_batch_size_count{";
    private static final String SUM = "novai_embedding_batch_size_sum{";

    private final HttpClient client;
    private final HttpRequest scrape;
    private final String modelTag;
    private Optional<Totals> atStart = Optional.empty();
    private Optional<Totals> atEnd = Optional.empty();

    /** Model passes and the inputs they ran, since the service started. */
    private record Totals(double passes, double inputs) {
    }

    /**
     * @param client  any HTTP client
     * @param metrics the service's {@code /observe/metrics} URL
     * @param model   the local model whose batches count
     */
    BatchSizes(HttpClient client, URI metrics, String model) {
        this.client = client;
        this.scrape = HttpRequest.newBuilder(metrics).timeout(TIMEOUT).header("Accept", "text/plain").build();
        this.modelTag = "model=\"" + model + "\"";
    }

    /** Reads the totals at the window's start. */
    void start() {
        atStart = read();
    }

    /** Reads the totals at the window's end. */
    void stop() {
        atEnd = read();
    }

    /** Inputs per model pass between {@link #start()} and {@link #stop()}. */
    OptionalDouble mean() {
        if (atStart.isEmpty() || atEnd.isEmpty()) {
            return OptionalDouble.empty();
        }
        double passes = atEnd.get().passes() - atStart.get().passes();
        double inputs = atEnd.get().inputs() - atStart.get().inputs();
        return passes > 0 ? OptionalDouble.of(inputs / passes) : OptionalDouble.empty();
    }

    private Optional<Totals> read() {
        try {
            HttpResponse<String> response = client.send(scrape, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            OptionalDouble passes = value(response.body(), COUNT);
            OptionalDouble inputs = value(response.body(), SUM);
            return passes.isPresent() && inputs.isPresent()
                    ? Optional.of(new Totals(passes.getAsDouble(), inputs.getAsDouble())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // A sample line: name{model="...",scope="application",} 1234.0
    private OptionalDouble value(String exposition, String name) {
        return exposition.lines()
                .filter(line -> line.startsWith(name) && line.contains(modelTag))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }
}
