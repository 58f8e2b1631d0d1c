package ai.novai.upstream;

/**
 * The caller went away (the gateway cancelled the gRPC call: its client disconnected, its deadline passed)
 * and the provider call was aborted. Not a failure of the provider: it is never counted by circuit breakers,
 * retried, fallen back from, logged as an error or counted in the provider error meters.
 */
public final class UpstreamCancelled extends UpstreamException {

    public UpstreamCancelled() {
        super("cancelled by the caller", null, false);
    }
}
