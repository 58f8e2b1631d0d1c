package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.store.Database;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Named.named;

/**
 * Replay of a spool on H2 and the real PostgreSQL: rows some of which were committed before (a crash after a
 * partial replay, a commit whose answer was lost) end up in the ledger exactly once each; a row the database
 * refuses is put aside without holding up the others; the spend counts spooled rows until they are replayed.
 */
class SpoolReplayTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of(named("H2", (Supplier<TestDatabase>) TestDatabases::h2)),
                         Arguments.of(named("PostgreSQL", (Supplier<TestDatabase>) TestDatabases::postgres)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rowsCommittedBeforeAreKeptOnceAndTheRestIsWritten(Supplier<TestDatabase> databases) throws Exception {
        try (TestDatabase testDatabase = databases.get(); Database database = Database.open(testDatabase.config())) {
            UsageLedger ledger = new UsageLedger(database.client());
            Path directory = NovaiCluster.tempDir();
            List<LedgerEntry> rows = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                rows.add(LedgerSpoolTest.entry(i, "key_a"));
            }
            try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 24)) {
                spool.append(rows);
            }
            // the first 300 made it before a crash; 10 of the others too (a commit whose answer was lost)
            ledger.recordAll(rows.subList(0, 300));
            ledger.recordAll(rows.subList(450, 460));

            LedgerSpool spool = LedgerSpool.open(directory, 1 << 24);
            try (LedgerWriter writer = new LedgerWriter(ledger, Optional.of(spool), Duration.ofMillis(100),
                                                        Duration.ofSeconds(5))) {
                // rows both committed and spooled count twice until replayed: more, never less
                assertThat("spooled spend counts before it is replayed",
                           writer.spend().of("key_a", BudgetPeriod.DAY, Instant.parse("2026-12-07T12:00:00Z"))
                                   .compareTo(new BigDecimal("0.000000001200")), is(greaterThanOrEqualTo(0)));
                awaitEmpty(spool);
                assertThat(writer.spend().of("key_a", BudgetPeriod.DAY, Instant.parse("2026-12-07T12:00:00Z"))
                                   .compareTo(new BigDecimal("0.000000001200")), is(0));
            }
            UsageLedger.UsageRow total = ledger.totals(new UsageLedger.UsageQuery(
                    DAY, DAY, false, false, false, Optional.of("key_a"), Optional.empty())).getFirst();
            assertThat(total.requests(), is(600L));
            assertThat(total.costUsd().compareTo(new BigDecimal("0.000000001200")), is(0));
            assertThat(total.promptTokens(), is(6000L));
            assertThat(Files.size(spool.file()), is(0L));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRowTheDatabaseRefusesIsPutAsideAndTheOthersAreWritten(Supplier<TestDatabase> databases) throws Exception {
        try (TestDatabase testDatabase = databases.get(); Database database = Database.open(testDatabase.config())) {
            UsageLedger ledger = new UsageLedger(database.client());
            Path directory = NovaiCluster.tempDir();
            LedgerEntry good = LedgerSpoolTest.entry(1, "key_a");
            LedgerEntry tooLong = new LedgerEntry("usage_2", "req_2", "key_a", "chat.completions", "m".repeat(300),
                                                  Optional.empty(), 1, 1, BigDecimal.ONE, LedgerStatus.COMPLETED, false,
                                                  good.startedAt(), good.finishedAt(), Optional.empty(), Optional.empty());
            LedgerSpool spool = LedgerSpool.open(directory, 1 << 20);
            spool.append(List.of(good, tooLong, LedgerSpoolTest.entry(3, "key_a")));
            try (LedgerWriter writer = new LedgerWriter(ledger, Optional.of(spool), Duration.ofMillis(100),
                                                        Duration.ofSeconds(5))) {
                awaitEmpty(spool);
            }
            UsageLedger.UsageRow total = ledger.totals(new UsageLedger.UsageQuery(
                    DAY, DAY, false, false, false, Optional.of("key_a"), Optional.empty())).getFirst();
            assertThat(total.requests(), is(2L));
            assertThat(Files.readAllLines(spool.rejectedFile()).size(), is(1));
            assertThat(Files.readString(spool.rejectedFile()).contains("\"id\":\"usage_2\""), is(true));
        }
    }

    private static void awaitEmpty(LedgerSpool spool) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (spool.hasPending() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat("replayed within 20 s", spool.hasPending(), is(false));
    }
}
