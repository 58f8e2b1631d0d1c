package ai.novai.gateway.billing;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import ai.novai.gateway.testing.NovaiCluster;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The spool file on its own: rows come back as written and in order, across a reopening; a record torn by a
 * crash is cut off and never read as a row; replayed rows empty the file; gateways sharing a directory each
 * get their own file.
 */
class LedgerSpoolTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void rowsComeBackAsWrittenInOrderAfterReopening() throws IOException {
        Path directory = NovaiCluster.tempDir();
        List<LedgerEntry> written = List.of(entry(1, "key_a"), entry(2, "key_b"), entry(3, "key_a"));
        try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 20)) {
            spool.append(written.subList(0, 1));
            spool.append(written.subList(1, 3));
        }
        try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 20)) {
            assertThat(spool.pendingRows(), is(3L));
            assertThat(spool.next(100).orElseThrow().entries(), is(written));
            assertThat(spool.pendingSpend("key_a", LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 8))
                               .compareTo(new BigDecimal("0.000000000004")), is(0));
            assertThat(spool.pendingSpend("key_a", LocalDate.of(2026, 12, 8), LocalDate.of(2026, 12, 9)).signum(),
                       is(0));
        }
    }

    @Test
    void aRecordTornByACrashIsCutOffAndLaterRowsFollowTheIntactOnes() throws IOException {
        Path directory = NovaiCluster.tempDir();
        long intact;
        Path file;
        try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 20)) {
            spool.append(List.of(entry(1, "key_a"), entry(2, "key_a")));
            intact = spool.bytes();
            file = spool.file();
        }
        // a crash in the middle of writing the next batch: half a record, no newline
        byte[] next = SpoolFormat.encode(entry(3, "key_a"));
        Files.write(file, Arrays.copyOf(next, next.length / 2), StandardOpenOption.APPEND);
        try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 20)) {
            assertThat(spool.pendingRows(), is(2L));
            assertThat(Files.size(file), is(intact));
            spool.append(List.of(entry(4, "key_a")));
        }
        try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 20)) {
            assertThat(ids(spool.next(100).orElseThrow()), is(List.of("usage_1", "usage_2", "usage_4")));
        }
    }

    @Test
    void aWholeLineWithAWrongChecksumIsNotARow() throws IOException {
        Path directory = NovaiCluster.tempDir();
        Path file;
        try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 20)) {
            spool.append(List.of(entry(1, "key_a")));
            file = spool.file();
        }
        byte[] damaged = SpoolFormat.encode(entry(2, "key_a"));
        damaged[20] ^= 1;
        Files.write(file, damaged, StandardOpenOption.APPEND);
        try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 20)) {
            assertThat(ids(spool.next(100).orElseThrow()), is(List.of("usage_1")));
        }
    }

    @Test
    void replayedChunksEmptyTheFileOnceEveryRowIsReplayed() throws IOException {
        Path directory = NovaiCluster.tempDir();
        try (LedgerSpool spool = LedgerSpool.open(directory, 1 << 20)) {
            List<LedgerEntry> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rows.add(entry(i, "key_a"));
            }
            spool.append(rows);
            LedgerSpool.Chunk first = spool.next(3).orElseThrow();
            assertThat(ids(first), is(List.of("usage_0", "usage_1", "usage_2")));
            assertThat(spool.replayed(first), is(false));
            spool.append(List.of(entry(5, "key_a")));
            LedgerSpool.Chunk rest = spool.next(100).orElseThrow();
            assertThat(ids(rest), is(List.of("usage_3", "usage_4", "usage_5")));
            assertThat(spool.replayed(rest), is(true));
            assertThat(spool.hasPending(), is(false));
            assertThat(spool.bytes(), is(0L));
            assertThat(Files.size(spool.file()), is(0L));
            assertThat(spool.next(100).isPresent(), is(false));
        }
    }

    @Test
    void gatewaysSharingADirectoryEachGetTheirOwnFileAndARestartTakesItsBack() throws IOException {
        Path directory = NovaiCluster.tempDir();
        Path first;
        try (LedgerSpool one = LedgerSpool.open(directory, 1 << 20);
             LedgerSpool two = LedgerSpool.open(directory, 1 << 20)) {
            assertThat(one.file(), is(not(two.file())));
            one.append(List.of(entry(1, "key_a")));
            first = one.file();
        }
        try (LedgerSpool again = LedgerSpool.open(directory, 1 << 20)) {
            assertThat(again.file(), is(first));
            assertThat(again.pendingRows(), is(1L));
        }
    }

    @Test
    void aSpoolAtItsSizeLimitIsFull() throws IOException {
        try (LedgerSpool spool = LedgerSpool.open(NovaiCluster.tempDir(), 1000)) {
            while (spool.bytes() < 1000) {
                assertThat(spool.isFull(), is(false));
                spool.append(List.of(entry((int) spool.pendingRows(), "key_a")));
            }
            assertThat(spool.isFull(), is(true));
        }
    }

    private static List<String> ids(LedgerSpool.Chunk chunk) {
        return chunk.entries().stream().map(LedgerEntry::id).toList();
    }

    static LedgerEntry entry(int i, String keyId) {
        return new LedgerEntry("usage_" + i, "req_" + i, keyId, "chat.completions", "gpt-test",
                               i % 2 == 0 ? Optional.of("openai") : Optional.empty(), 10, 5,
                               new BigDecimal("0.000000000002"), LedgerStatus.COMPLETED, i % 2 == 0, NOW.minusMillis(20), NOW,
                               i % 2 == 0 ? Optional.of(Duration.ofNanos(1_234_567)) : Optional.empty(), Optional.empty());
    }
}
