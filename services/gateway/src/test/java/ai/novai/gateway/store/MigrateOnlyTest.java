package ai.novai.gateway.store;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.testing.TestDatabases;
import ai.novai.inference.fakes.TcpRelay;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * {@code --migrate-only} waits for a database that is not up yet (a fresh install starts both at once) instead of
 * failing at once, which showed as {@code Init:CrashLoopBackOff} until PostgreSQL was up.
 */
class MigrateOnlyTest {

    @Test
    void theMigrationWaitsForTheDatabaseToComeUp() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (TestDatabases.TestDatabase postgres = TestDatabases.postgres()) {
            Map<String, String> settings = new HashMap<>();
            settings.put("url", postgres.gatewaySettings().get("novai.database.url")
                    .replace("127.0.0.1:5432", "127.0.0.1:" + port));
            settings.put("username", postgres.gatewaySettings().get("novai.database.username"));
            settings.put("connect-timeout", "PT1S");
            settings.put("migrate-wait", "PT30S");
            long started = System.nanoTime();
            CompletableFuture<Void> migration = CompletableFuture.runAsync(
                    () -> Database.migrateOnly(Config.just(ConfigSources.create(settings))));

            Thread.sleep(2_500);
            assertThat("still waiting for the database", migration.isDone(), is(false));
            try (TcpRelay database = TcpRelay.listening(port, 5432)) {
                migration.get(30, TimeUnit.SECONDS);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started), greaterThanOrEqualTo(Duration.ofMillis(2_500)));
        }
    }
}
