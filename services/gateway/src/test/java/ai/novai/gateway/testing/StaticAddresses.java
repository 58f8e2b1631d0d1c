package ai.novai.gateway.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;

/**
 * A gRPC target naming several backends on this machine, {@code static:///<name>}, as a headless Service's DNS
 * name names its pods: for tests of balancing over replicas (DNS cannot give ports). The ports behind a name can
 * change, as pods come and go; a resolver reads them when it starts (a channel leaving idle starts a new one).
 */
public final class StaticAddresses extends NameResolverProvider {

    private static final String SCHEME = "static";
    private static final Map<String, List<Integer>> NAMES = new ConcurrentHashMap<>();
    private static volatile boolean registered;

    /** Names these ports of 127.0.0.1 and returns the target; registers the scheme on first use. */
    public static synchronized String target(String name, int... ports) {
        if (!registered) {
            NameResolverRegistry.getDefaultRegistry().register(new StaticAddresses());
            registered = true;
        }
        update(name, ports);
        return SCHEME + ":///" + name;
    }

    /** What the name resolves to from now on. */
    public static void update(String name, int... ports) {
        NAMES.put(name, Arrays.stream(ports).boxed().toList());
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        if (!SCHEME.equals(target.getScheme())) {
            return null;
        }
        String name = target.getPath().substring(1);
        return new NameResolver() {
            private Listener2 listener;

            @Override
            public String getServiceAuthority() {
                return "static";
            }

            @Override
            public void start(Listener2 started) {
                listener = started;
                refresh();
            }

            // what the name resolves to now, as a DNS resolver asked again answers
            @Override
            public void refresh() {
                List<EquivalentAddressGroup> groups = NAMES.getOrDefault(name, List.of()).stream()
                        .map(port -> new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", port)))
                        .toList();
                listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(
                        io.grpc.StatusOr.fromValue(groups)).build());
            }

            @Override
            public void shutdown() {
            }
        };
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }

    @Override
    public java.util.Collection<Class<? extends java.net.SocketAddress>> getProducedSocketAddressTypes() {
        return List.of(InetSocketAddress.class);
    }

}
