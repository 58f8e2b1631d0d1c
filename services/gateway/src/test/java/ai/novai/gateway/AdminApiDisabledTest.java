package ai.novai.gateway;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.InferenceMain;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Without an admin token configured, the admin API is shut, whatever credential is sent.
 */
class AdminApiDisabledTest {

    @Test
    void everyAdminCallIsForbidden() {
        GrpcBackendServer inference = InferenceMain.start(NovaiCluster.backendConfig());
        Map<String, String> settings = new HashMap<>();
        NovaiCluster.gatewayConfig(NovaiCluster.tempDir(), inference.port(), inference.port())
                .traverse()
                .filter(Config::isLeaf)
                .forEach(node -> settings.put(node.key().toString(), node.asString().get()));
        settings.put("novai.admin.token", "");
        try (RunningGateway gateway = GatewayMain.start(Config.just(ConfigSources.create(settings)))) {
            Http http = new Http(gateway.port());
            HttpResponse<String> response = http.send(http.request("/v1/admin/keys")
                                                              .header("Authorization", "Bearer ")
                                                              .GET().build());

            assertThat(response.statusCode(), is(403));
            assertThat(Http.json(response).path("error").path("code").asText(), is("admin_api_disabled"));
        } finally {
            inference.close();
        }
    }
}
