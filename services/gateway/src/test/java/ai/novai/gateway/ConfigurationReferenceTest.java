package ai.novai.gateway;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ai.novai.common.config.InvalidSettingException;
import ai.novai.common.server.Drain;
import ai.novai.gateway.backends.BackendSettings;
import ai.novai.gateway.batches.BatchSettings;
import ai.novai.gateway.billing.SpoolSettings;
import ai.novai.gateway.chat.ChatSettings;
import ai.novai.gateway.embeddings.EmbeddingsSettings;
import ai.novai.gateway.files.FileSettings;
import ai.novai.gateway.http.CorsSettings;
import ai.novai.gateway.http.HttpSettings;
import ai.novai.gateway.keys.KeyLimits;
import ai.novai.gateway.keys.Tiers;
import ai.novai.gateway.limits.LimitSettings;
import ai.novai.gateway.limits.RedisSettings;
import ai.novai.gateway.store.DatabaseSettings;
import ai.novai.gateway.tools.ToolSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code docs/configuration/gateway.yaml} documents every setting at its default: read through the settings
 * records it must give what they give with nothing configured, so the document cannot drift from the code.
 */
class ConfigurationReferenceTest {

    private static final Config REFERENCE = Config.just(ConfigSources.file(
            Path.of("../../docs/configuration/gateway.yaml")));
    private static final Config NOTHING = Config.empty();

    @Test
    void theReferenceReadsAsTheDefaults() {
        Config documented = REFERENCE.get("novai");
        Config none = NOTHING.get("novai");
        assertThat(GatewaySettings.from(documented), is(GatewaySettings.from(none)));
        assertThat(BackendSettings.from(documented.get("backends")), is(BackendSettings.from(none.get("backends"))));
        assertThat(ChatSettings.from(documented.get("chat")), is(ChatSettings.from(none.get("chat"))));
        assertThat(ToolSettings.from(documented.get("tools")), is(ToolSettings.from(none.get("tools"))));
        assertThat(EmbeddingsSettings.from(documented.get("embeddings")),
                   is(EmbeddingsSettings.from(none.get("embeddings"))));
        assertThat(FileSettings.from(documented.get("files")), is(FileSettings.from(none.get("files"))));
        assertThat(BatchSettings.from(documented.get("batches")), is(BatchSettings.from(none.get("batches"))));
        assertThat(DatabaseSettings.from(documented.get("database")), is(DatabaseSettings.from(none.get("database"))));
        assertThat(SpoolSettings.from(documented.get("ledger.spool")), is(SpoolSettings.from(none.get("ledger.spool"))));
        assertThat(RedisSettings.from(documented.get("redis")), is(RedisSettings.from(none.get("redis"))));
        assertThat(LimitSettings.from(documented.get("limits")), is(LimitSettings.from(none.get("limits"))));
        assertThat(HttpSettings.from(documented.get("http")), is(HttpSettings.from(none.get("http"))));
        assertThat(CorsSettings.from(documented.get("cors")), is(CorsSettings.from(none.get("cors"))));
        assertThat(Drain.create(REFERENCE).deadline(), is(Drain.create(NOTHING).deadline()));
        assertThat(Tiers.from(documented.get("tiers")).effective("free", KeyLimits.NONE), is(KeyLimits.NONE));
    }

    @Test
    void aWrongSettingStopsStartUpBeforeAnythingOpensAndSaysWhatTheKeyAllows() {
        assertThat(refused(Map.of("novai.limits.redis-failure", "half-open")),
                   is("novai.limits.redis-failure: must be one of open, closed, was 'half-open'"));
        assertThat(refused(Map.of("novai.batches.workers", "eight")),
                   is("novai.batches.workers: must be an integer from 0 to 1024, was 'eight'"));
        assertThat(refused(Map.of("novai.http.write-timeout", "30s")),
                   is("novai.http.write-timeout: must be an ISO-8601 duration (e.g. PT10S) greater than zero, was '30s'"));
        assertThat(refused(Map.of("novai.mcp.enabled", "yes")), is("novai.mcp.enabled: must be true or false, was 'yes'"));
        assertThat(refused(Map.of("novai.tiers.free.budget-period", "week")),
                   is("novai.tiers.free.budget-period: must be one of day, month, was 'week'"));
    }

    // a database URL nothing could open: the refusal must come before the gateway tries
    private static String refused(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("novai.database.url", "jdbc:unopenable:nowhere");
        return assertThrows(InvalidSettingException.class,
                            () -> GatewayMain.start(Config.just(ConfigSources.create(all)))).getMessage();
    }
}
