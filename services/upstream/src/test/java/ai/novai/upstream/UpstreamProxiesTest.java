package ai.novai.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The JVM's proxy settings still apply to providers, decided once per origin instead of per request. */
class UpstreamProxiesTest {

    private final ProxySelector original = ProxySelector.getDefault();
    private final AtomicInteger asked = new AtomicInteger();

    @AfterEach
    void restore() {
        ProxySelector.setDefault(original);
    }

    @Test
    void aHostTheJvmProxiesGoesThroughThatProxyAndTheOthersDirectly() {
        ProxySelector.setDefault(selector());
        UpstreamProxies proxies = new UpstreamProxies();

        io.helidon.webclient.api.Proxy proxied = proxies.of(URI.create("https://api.example.com/v1/chat/completions"));
        io.helidon.webclient.api.Proxy direct = proxies.of(URI.create("http://127.0.0.1:8080/v1/chat/completions"));

        assertThat(proxied.type(), is(io.helidon.webclient.api.Proxy.ProxyType.HTTP));
        assertThat(proxied.host(), is("proxy.internal"));
        assertThat(proxied.port(), is(3128));
        assertThat(direct.type(), is(io.helidon.webclient.api.Proxy.ProxyType.NONE));
    }

    @Test
    void theJvmIsAskedOncePerOrigin() {
        ProxySelector.setDefault(selector());
        UpstreamProxies proxies = new UpstreamProxies();

        for (int i = 0; i < 100; i++) {
            proxies.of(URI.create("https://api.example.com/v1/chat/completions"));
            proxies.of(URI.create("https://api.example.com/v1/embeddings"));
        }

        assertThat(asked.get(), is(1));
    }

    // api.example.com through proxy.internal:3128, everything else directly
    private ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.incrementAndGet();
                return uri.getHost().equals("api.example.com")
                        ? List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.internal", 3128)))
                        : List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        };
    }
}
