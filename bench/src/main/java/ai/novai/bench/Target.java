package ai.novai.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the load generator sends its requests: the fake upstream directly, or NovAI's gateway with its
 * API key. Both get the same body, so the difference between them is what lies in between.
 *
 * @param label  short name for the report
 * @param uri    the endpoint's URL ({@code .../chat/completions}, {@code .../embeddings})
 * @param apiKey bearer key, when the target needs one
 */
public record Target(String label, URI uri, Optional<String> apiKey) {

    /** A POST of the JSON body, with the key when there is one. */
    public HttpRequest request(byte[] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request.build();
    }
}
