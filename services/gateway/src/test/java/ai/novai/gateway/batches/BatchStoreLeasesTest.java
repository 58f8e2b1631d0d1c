package ai.novai.gateway.batches;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ai.novai.gateway.billing.LedgerEntry;
import ai.novai.gateway.billing.LedgerStatus;
import ai.novai.gateway.store.Database;
import ai.novai.gateway.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The claim-and-commit contract the batch engine's exactly-once rests on, on H2 and PostgreSQL: two owners never
 * hold one line; a line whose lease ran out goes to another owner; a result (and its ledger row) commits only for
 * the owner that holds the lease, so a worker that lost its line bills nothing.
 */
class BatchStoreLeasesTest {

    static Stream<TestDatabases.TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(), TestDatabases.postgres());
    }

    // JUnit closes each database (dropping its schema) after its run
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLineIsAnsweredAndBilledOnceWhateverTheLeases(TestDatabases.TestDatabase testDatabase) {
        try (Database database = Database.open(testDatabase.config())) {
            BatchStore store = new BatchStore(database.client());
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Batch batch = new Batch("batch_00000000000000000000aaaa", "key_a", true, BatchEndpoint.CHAT_COMPLETIONS,
                                    Optional.empty(), "24h", BatchStatus.IN_PROGRESS, Map.of("job", "t"),
                                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                                    Optional.empty(), new Batch.Times(now, now.plus(Duration.ofHours(24)),
                                                                      Optional.of(now), Optional.empty(),
                                                                      Optional.empty(), Optional.empty(),
                                                                      Optional.empty(), Optional.empty(),
                                                                      Optional.empty()));
            store.createWithLines(batch, IntStream.range(0, 3)
                    .mapToObj(i -> new BatchStore.NewLine(i, "input-" + i, "{\"i\":" + i + "}")).toList(), now);

            List<BatchStore.ClaimedLine> first = store.claimLines("owner-a", 2, now, now.plusSeconds(30));
            List<BatchStore.ClaimedLine> second = store.claimLines("owner-b", 5, now, now.plusSeconds(30));
            assertThat(first, hasSize(2));
            assertThat("owner-b gets only the line owner-a did not claim", second, hasSize(1));
            assertThat(store.claimLines("owner-c", 5, now, now.plusSeconds(30)), is(empty()));

            // owner-a stops renewing (owner-b renews); after owner-a's leases end, owner-c takes its lines over
            Instant later = now.plusSeconds(31);
            store.renewLeases("owner-b", later.plusSeconds(30));
            List<BatchStore.ClaimedLine> takenOver = store.claimLines("owner-c", 5, later, later.plusSeconds(30));
            assertThat(takenOver, hasSize(2));
            assertThat(takenOver.getFirst().attempts(), is(2));

            BatchStore.ClaimedLine line = first.getFirst();
            assertThat("the old owner's result does not commit",
                       store.complete(line, "owner-a", LineState.SUCCEEDED, 200, "req_a", "{}", Optional.empty(),
                                      Optional.of(entry("usage_a", batch)), later), is(false));
            BatchStore.ClaimedLine same = takenOver.stream().filter(c -> c.lineNo() == line.lineNo()).findFirst()
                    .orElseThrow();
            assertThat(store.complete(same, "owner-c", LineState.SUCCEEDED, 200, "req_c", "{}", Optional.empty(),
                                      Optional.of(entry("usage_c", batch)), later), is(true));
            assertThat("a result commits once", store.complete(same, "owner-c", LineState.SUCCEEDED, 200, "req_c",
                                                              "{}", Optional.empty(),
                                                              Optional.of(entry("usage_d", batch)), later), is(false));
            long rows = database.client().execute()
                    .get("SELECT COUNT(*) AS n FROM usage_ledger WHERE batch_id = ?", batch.id())
                    .map(row -> ((Number) row.column("n").get()).longValue()).orElseThrow();
            assertThat("one ledger row: the committing owner's", rows, is(1L));
            RequestCounts counts = store.counts(batch.id());
            assertThat(counts.completed(), is(1L));
            assertThat(counts.open(), is(2L));

            // a cancel ends what is queued; running lines still finish
            store.requeue(takenOver.stream().filter(c -> c.lineNo() != line.lineNo()).findFirst().orElseThrow(),
                          "owner-c", later, false);
            assertThat(store.cancel(batch.id(), later), is(true));
            assertThat(store.claimLines("owner-d", 5, later.plusSeconds(1), later.plusSeconds(60)), is(empty()));
            assertThat(store.counts(batch.id()).failed(), is(1L));
        }
    }

    private static LedgerEntry entry(String id, Batch batch) {
        Instant now = Instant.now();
        return new LedgerEntry(id, "req_" + id, batch.keyId(), "chat.completions", "novai-echo", Optional.empty(), 3,
                               4, BigDecimal.ZERO, LedgerStatus.COMPLETED, false, now, now, Optional.empty(),
                               Optional.of(batch.id()));
    }
}
