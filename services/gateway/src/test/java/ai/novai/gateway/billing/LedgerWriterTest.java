package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.store.Database;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Named.named;

/**
 * Group-committed ledger rows on H2 and the real PostgreSQL: every concurrent writer's row is committed
 * once, and a row written twice (a retry) is billed once without failing the rows committed with it.
 */
class LedgerWriterTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of(named("H2", (Supplier<TestDatabase>) TestDatabases::h2)),
                         Arguments.of(named("PostgreSQL", (Supplier<TestDatabase>) TestDatabases::postgres)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentWritersAreEachCommittedOnceAndARetriedRowBillsOnce(Supplier<TestDatabase> databases)
            throws Exception {
        try (TestDatabase testDatabase = databases.get(); Database database = Database.open(testDatabase.config())) {
            UsageLedger ledger = new UsageLedger(database.client());
            try (LedgerWriter writer = new LedgerWriter(ledger);
                 ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String id = "usage_" + i;
                    writes.add(threads.submit(() -> writer.write(entry(id, "key_a"))));
                    // every tenth row is written again, as a retry would
                    if (i % 10 == 0) {
                        writes.add(threads.submit(() -> writer.write(entry(id, "key_a"))));
                    }
                }
                for (Future<?> write : writes) {
                    write.get();
                }
            }
            BigDecimal spent = ledger.of("key_a", BudgetPeriod.DAY, NOW);
            assertThat(spent.compareTo(new BigDecimal("0.000200")), is(0));
            List<UsageLedger.UsageRow> rows = ledger.totals(new UsageLedger.UsageQuery(
                    LocalDate.ofInstant(NOW, ZoneOffset.UTC), LocalDate.ofInstant(NOW, ZoneOffset.UTC), false, false,
                    false, Optional.of("key_a"), Optional.empty()));
            assertThat(rows.getFirst().requests(), is(200L));
        }
    }

    private static LedgerEntry entry(String id, String keyId) {
        return new LedgerEntry(id, "req_" + id, keyId, "chat.completions", "gpt-test", Optional.of("openai"), 10, 5,
                               new BigDecimal("0.000001"), LedgerStatus.COMPLETED, false, NOW.minusMillis(20), NOW,
                               Optional.empty(), Optional.empty());
    }
}
