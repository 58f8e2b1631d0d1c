package ai.novai.inference.providers.bedrock;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import ai.novai.common.models.ProviderEntry;

/**
 * The settings of a provider entry of type {@code bedrock}, read once when its translator is created so that a
 * misconfigured entry stops the service at start-up instead of failing every request:
 * <ul>
 *     <li>{@code region} (required): the AWS region signed for, e.g. {@code us-east-1};</li>
 *     <li>{@code base-url} (optional): default {@code https://bedrock-runtime.{region}.amazonaws.com} (a VPC
 *     endpoint or a test server otherwise);</li>
 *     <li>the environment variables of the credentials: see {@link AwsCredentialVariables}.</li>
 * </ul>
 *
 * @param base        the runtime endpoint, without a trailing slash
 * @param region      the region requests are signed for
 * @param credentials where the credentials are read at call time
 */
record BedrockSettings(String base, String region, AwsCredentialVariables credentials) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-[0-9]+");

    /** The settings of a provider entry; throws {@link IllegalStateException} naming what is wrong. */
    static BedrockSettings of(ProviderEntry provider) {
        String region = provider.settings().get("region").asString().map(String::strip).filter(r -> !r.isEmpty())
                .orElseThrow(() -> provider.misconfigured("region is required (e.g. us-east-1)"));
        if (!REGION.matcher(region).matches()) {
            throw provider.misconfigured("region must be an AWS region such as us-east-1, was " + region);
        }
        String base = provider.baseUrl().map(String::strip).filter(url -> !url.isEmpty())
                .orElse("https://bedrock-runtime." + region + ".amazonaws.com");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw provider.misconfigured("base-url is not a URL: " + e.getMessage());
        }
        if (!List.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw provider.misconfigured("base-url must be an http or https URL without query, was " + base);
        }
        return new BedrockSettings(base, region, AwsCredentialVariables.of(provider));
    }

    /**
     * The URL of one model's operation ({@code converse} or {@code converse-stream}). The model id is one path
     * segment, percent-encoded: ids carry {@code :} (versions) and ARNs {@code /}.
     */
    URI operation(String modelId, boolean stream) {
        String segment = URLEncoder.encode(modelId, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(base + "/model/" + segment + (stream ? "/converse-stream" : "/converse"));
    }
}
