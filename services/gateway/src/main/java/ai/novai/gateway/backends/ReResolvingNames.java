package ai.novai.gateway.backends;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;

/**
 * Resolves a backend's name again every period while its channel runs, so that replicas a scale-out added get calls:
 * grpc-java reads DNS again only when a connection drops. The channel's load balancer keeps the connections to
 * addresses it still gets and connects to new ones; calls in flight are untouched. (Putting the channel into idle
 * instead, as before, shut its subchannels down: every stream in flight through the gateway failed UNAVAILABLE
 * "Subchannel shutdown invoked" once a minute.) The target's scheme keeps its provider from the default registry
 * ({@code dns}, or one a test registers).
 */
final class ReResolvingNames extends NameResolver.Factory {

    private final NameResolverProvider provider;
    private final Duration period;

    private ReResolvingNames(NameResolverProvider provider, Duration period) {
        this.provider = provider;
        this.period = period;
    }

    /**
     * The names of a channel's target, resolved by the registry's provider for its scheme (a target without one:
     * the registry's default, {@code dns}).
     *
     * @param target the channel's target, e.g. {@code dns:///novai-inference-headless:50051}
     * @param period how often names are resolved again; zero: only when a connection drops
     */
    static ReResolvingNames of(String target, Duration period) {
        NameResolverRegistry registry = NameResolverRegistry.getDefaultRegistry();
        int colon = target.indexOf(':');
        NameResolverProvider forScheme = colon > 0 ? registry.getProviderForScheme(target.substring(0, colon)) : null;
        NameResolverProvider provider = forScheme != null ? forScheme
                : registry.getProviderForScheme(registry.getDefaultScheme());
        return new ReResolvingNames(provider, period);
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        NameResolver resolver = provider.newNameResolver(target, args);
        if (resolver == null || !period.isPositive()) {
            return resolver;
        }
        return new ReResolving(resolver, args, period);
    }

    // the channel takes the target's scheme from here: the provider's own
    @Override
    public String getDefaultScheme() {
        return provider.getDefaultScheme();
    }

    private static final class ReResolving extends NameResolver {

        private final NameResolver resolver;
        private final Args args;
        private final Duration period;
        private ScheduledFuture<?> timer;

        private ReResolving(NameResolver resolver, Args args, Duration period) {
            this.resolver = resolver;
            this.args = args;
            this.period = period;
        }

        @Override
        public String getServiceAuthority() {
            return resolver.getServiceAuthority();
        }

        @Override
        public void start(Listener2 listener) {
            resolver.start(listener);
            long millis = period.toMillis();
            // refresh() must run in the channel's synchronization context, as gRPC's own calls of it do
            timer = args.getScheduledExecutorService().scheduleWithFixedDelay(
                    () -> args.getSynchronizationContext().execute(resolver::refresh), millis, millis,
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public void refresh() {
            resolver.refresh();
        }

        @Override
        public void shutdown() {
            if (timer != null) {
                timer.cancel(false);
            }
            resolver.shutdown();
        }
    }
}
