package ai.novai.tools.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import ai.novai.tools.catalog.ToolInvoker;
import ai.novai.tools.catalog.ToolResult;
import ai.novai.tools.config.HttpFetchSettings;
import ai.novai.tools.execution.OutputLimit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;

/**
 * {@code novai__http_fetch}: GET of an http or https URL on the tool's allow-list. Every hop (the URL and each
 * redirect, at most {@code max-redirects}, followed here rather than by the client) passes the
 * {@link FetchPolicy} and connects to the address it checked. The body is read up to the output budget
 * (then cut and marked truncated); the answer is JSON with the final URL, status, content type and body text.
 * Every refusal or failure is an error result naming the rule or the failure.
 */
final class HttpFetchTool implements ToolInvoker {

    static final String NAME = "http_fetch";
    static final String DESCRIPTION = "Fetches a web page or API response with HTTP GET and returns its status, "
            + "content type and body text. Only hosts the operator allowed can be reached.";
    static final String SCHEMA = """
            {"type":"object","properties":{"url":{"type":"string","maxLength":2048,\
            "description":"The http or https URL to GET."}},"required":["url"],"additionalProperties":false}""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_URL_CHARS = 2048;
    private static final String USER_AGENT = "NovAI-http_fetch/1";

    private final HttpFetchSettings settings;
    private final FetchPolicy policy;

    HttpFetchTool(HttpFetchSettings settings, HostResolver resolver) {
        this.settings = settings;
        this.policy = new FetchPolicy(settings.allowedHosts(), resolver);
    }

    @Override
    public ToolResult invoke(ObjectNode arguments) {
        URI url;
        try {
            url = new URI(arguments.path("url").asText());
        } catch (URISyntaxException e) {
            return ToolResult.error("not a URL: " + e.getReason());
        }
        long deadline = System.nanoTime() + Duration.ofMillis(settings.limits().timeoutMs()).toNanos();
        for (int hop = 0; ; hop++) {
            FetchPolicy.Verdict verdict = policy.check(url);
            if (verdict instanceof FetchPolicy.Verdict.Refused refused) {
                return ToolResult.error(hop == 0 ? refused.reason() : "redirect refused: " + refused.reason());
            }
            FetchPolicy.Verdict.Allowed allowed = (FetchPolicy.Verdict.Allowed) verdict;
            Duration remaining = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
            try (HttpClientResponse response = client(allowed, remaining).get().uri(url)
                    .header(HeaderNames.USER_AGENT, USER_AGENT)
                    .header(HeaderNames.ACCEPT_ENCODING, "identity")
                    .request()) {
                Optional<String> location = response.headers().first(HeaderNames.LOCATION);
                if (response.status().family() == io.helidon.http.Status.Family.REDIRECTION && location.isPresent()) {
                    if (hop >= settings.maxRedirects()) {
                        return ToolResult.error("too many redirects: at most " + settings.maxRedirects()
                                                        + " are followed");
                    }
                    Optional<URI> next = resolve(url, location.get());
                    if (next.isEmpty()) {
                        return ToolResult.error("redirect refused: its Location is not a URL");
                    }
                    url = next.get();
                    continue;
                }
                return answer(url, response);
            } catch (UncheckedIOException e) {
                return ToolResult.error("fetching " + abbreviated(url) + " failed: " + failure(e.getCause()));
            }
        }
    }

    private static Http1Client client(FetchPolicy.Verdict.Allowed allowed, Duration timeout) {
        return Http1Client.builder()
                .dnsResolver(new PinnedAddress(allowed.address()))
                .proxy(Proxy.noProxy())
                .followRedirects(false)
                .shareConnectionCache(false)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .build();
    }

    private ToolResult answer(URI url, HttpClientResponse response) {
        Optional<HttpMediaType> type = response.headers().contentType();
        String contentType = type.map(HttpMediaType::text).orElse("");
        byte[] body;
        boolean truncated;
        try (InputStream in = response.inputStream()) {
            // one byte more than the budget tells whether there was more
            byte[] read = in.readNBytes((int) Math.min(settings.limits().maxOutputBytes() + 1, Integer.MAX_VALUE - 8));
            truncated = read.length > settings.limits().maxOutputBytes();
            body = truncated ? java.util.Arrays.copyOf(read, read.length - 1) : read;
        } catch (IOException e) {
            return ToolResult.error("reading the response of " + abbreviated(url) + " failed: " + failure(e));
        }
        String text = isText(contentType) ? new String(body, charset(type)) : "[binary content: "
                + (contentType.isEmpty() ? "unknown type" : contentType) + ", " + body.length + " bytes read]";
        return fit(url, response.status().code(), contentType, text, truncated);
    }

    // The JSON answer within the output budget: the body is cut further when escaping made it larger, so that
    // the answer stays valid JSON rather than being cut in the middle by the executor.
    private ToolResult fit(URI url, int status, String contentType, String body, boolean truncated) {
        long budget = settings.limits().maxOutputBytes();
        String kept = body;
        boolean cut = truncated;
        for (int attempt = 0; attempt < 8; attempt++) {
            String json = JSON.createObjectNode()
                    .put("url", abbreviated(url))
                    .put("status", status)
                    .put("content_type", contentType)
                    .put("truncated", cut)
                    .put("body", kept)
                    .toString();
            long size = json.getBytes(StandardCharsets.UTF_8).length;
            if (size <= budget || kept.isEmpty()) {
                return new ToolResult(json, false, cut);
            }
            long keptBytes = kept.getBytes(StandardCharsets.UTF_8).length;
            kept = OutputLimit.cut(kept, Math.max(0, keptBytes - (size - budget) - 16)).text();
            cut = true;
        }
        return new ToolResult("", false, true);
    }

    private static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("javascript") || type.contains("yaml") || type.contains("x-www-form-urlencoded");
    }

    private static Charset charset(Optional<HttpMediaType> type) {
        return type.flatMap(HttpMediaType::charset).flatMap(HttpFetchTool::knownCharset).orElse(StandardCharsets.UTF_8);
    }

    private static Optional<Charset> knownCharset(String name) {
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> resolve(URI base, String location) {
        try {
            return Optional.of(base.resolve(new URI(location.trim())));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String abbreviated(URI url) {
        String text = url.toString();
        return text.length() > MAX_URL_CHARS ? text.substring(0, MAX_URL_CHARS) + "…" : text;
    }

    private static String failure(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
