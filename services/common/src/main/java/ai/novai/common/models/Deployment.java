package ai.novai.common.models;

/**
 * One provider instance serving a model: several deployments of a model share its traffic by weight.
 *
 * @param provider      provider name (an entry of the registry's {@code providers})
 * @param upstreamModel the provider's own name for the model
 * @param weight        share of the traffic, relative to the model's other deployments (at least 1)
 */
public record Deployment(String provider, String upstreamModel, int weight) {

    public Deployment {
        if (weight < 1) {
            throw new IllegalArgumentException("deployment weight must be at least 1, was " + weight);
        }
    }

    /** A readable name for logs and metrics, e.g. {@code openai/gpt-4o-mini}. */
    public String name() {
        return provider + "/" + upstreamModel;
    }
}
