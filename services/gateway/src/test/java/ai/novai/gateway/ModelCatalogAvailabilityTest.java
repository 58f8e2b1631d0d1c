package ai.novai.gateway;

import java.net.http.HttpResponse;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/**
 * {@code /v1/models} when backends go away: what is still up is still listed; with nothing up the
 * client gets a 503 it can retry, never a hang or an HTML page.
 */
class ModelCatalogAvailabilityTest {

    @Test
    void listsWhatIsUpAndAnswers503WhenNothingIs() {
        try (NovaiCluster cluster = NovaiCluster.start()) {
            Http http = new Http(cluster.gatewayPort());

            cluster.embedding().close();
            HttpResponse<String> partial = models(http);
            assertThat(partial.statusCode(), is(200));
            assertThat(Http.json(partial).path("data").findValuesAsText("id"), contains("novai-echo"));

            cluster.inference().close();
            HttpResponse<String> none = models(http);
            assertThat(none.body(), none.statusCode(), is(503));
            assertThat(Http.json(none).path("error").path("code").asText(), is("service_unavailable"));
            assertThat(Http.json(none).path("error").path("type").asText(), is("server_error"));
        }
    }

    private static HttpResponse<String> models(Http http) {
        return http.send(http.request("/v1/models").header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                 .GET().build());
    }
}
