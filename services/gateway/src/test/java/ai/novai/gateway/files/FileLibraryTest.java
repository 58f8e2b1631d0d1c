package ai.novai.gateway.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ai.novai.gateway.store.Database;
import ai.novai.gateway.testing.MutableClock;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import io.helidon.dbclient.DbClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The file library on both databases NovAI runs on: staged content becomes a file or goes, pages follow their
 * cursor, expired files and abandoned contents are swept.
 */
class FileLibraryTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final long MAX = 10L * 1024 * 1024;

    static Stream<Arguments> databases() {
        return TestDatabases.both();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void stagedContentIsAFileOnlyOncePublished(Supplier<TestDatabase> databases) throws IOException {
        try (Library files = Library.open(databases)) {
            FileLibrary library = files.library();
            byte[] content = new byte[DatabaseFileStore.PART_BYTES * 2 + 17];
            new java.util.Random(5).nextBytes(content);

            StagedContent staged = library.stage(FileLibrary.newId(), new ByteArrayInputStream(content), MAX);
            assertThat(staged.bytes(), is((long) content.length));
            assertThat(library.find(staged.id()).isPresent(), is(false));
            assertThat(files.parts(staged.id()), is(3L));

            files.clock().advance(Duration.ofSeconds(5));
            StoredFile file = library.publish(staged, "key_a", "in.jsonl", FilePurpose.BATCH,
                                              Optional.of(Duration.ofHours(1)));
            assertThat(file.createdAt(), is(START.plusSeconds(5)));
            assertThat(file.expiresAt(), is(Optional.of(START.plusSeconds(5).plus(Duration.ofHours(1)))));
            assertThat(library.find(file.id()), is(Optional.of(file)));
            try (InputStream stored = library.open(file)) {
                assertArrayEquals(content, stored.readAllBytes());
            }

            StagedContent discarded = library.stage(FileLibrary.newId(), new ByteArrayInputStream(content), MAX);
            library.discard(discarded);
            assertThat(files.parts(discarded.id()), is(0L));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void contentOverTheCapIsNotKept(Supplier<TestDatabase> databases) {
        try (Library files = Library.open(databases)) {
            FileLibrary library = files.library();
            String id = FileLibrary.newId();

            FileTooLargeException e = assertThrows(FileTooLargeException.class, () -> library.stage(
                    id, new ByteArrayInputStream(new byte[DatabaseFileStore.PART_BYTES * 3]), 2L * 1024 * 1024));
            assertThat(e.maxBytes(), is(2L * 1024 * 1024));
            assertThat(files.parts(id), is(0L));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void pagesFollowTheirCursorInBothOrdersAndOnlyTheOwnersFiles(Supplier<TestDatabase> databases) throws IOException {
        try (Library files = Library.open(databases)) {
            FileLibrary library = files.library();
            List<StoredFile> stored = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                stored.add(store(library, "key_a", Optional.empty()));
                store(library, "key_b", Optional.empty());
                // files created in the same microsecond are ordered by id
                files.clock().advance(Duration.ofSeconds(i % 2));
            }
            List<String> mine = ids(stored.stream().sorted(java.util.Comparator.comparing(StoredFile::createdAt)
                                                                   .thenComparing(StoredFile::id)).toList());

            List<String> newestFirst = ids(library.page(Optional.of("key_a"), Optional.empty(), Optional.empty(),
                                                        false, 10));
            assertThat(newestFirst, is(mine.reversed()));
            StoredFile second = library.find(mine.get(3)).orElseThrow();
            assertThat(ids(library.page(Optional.of("key_a"), Optional.empty(), Optional.of(second), false, 2)),
                       contains(mine.get(2), mine.get(1)));
            assertThat(ids(library.page(Optional.of("key_a"), Optional.empty(), Optional.of(second), true, 10)),
                       contains(mine.get(4)));
            assertThat(library.page(Optional.empty(), Optional.empty(), Optional.empty(), true, 100).size(), is(10));
            assertThat(library.page(Optional.of("key_a"), Optional.of(FilePurpose.BATCH_OUTPUT), Optional.empty(),
                                    true, 100), is(empty()));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void expiredFilesAreHiddenThenSweptWithTheirContent(Supplier<TestDatabase> databases) throws IOException {
        try (Library files = Library.open(databases)) {
            FileLibrary library = files.library();
            StoredFile shortLived = store(library, "key_a", Optional.of(Duration.ofHours(1)));
            StoredFile longLived = store(library, "key_a", Optional.of(Duration.ofDays(30)));

            files.clock().advance(Duration.ofHours(1));
            assertThat(library.find(shortLived.id()).isPresent(), is(false));
            assertThat(ids(library.page(Optional.of("key_a"), Optional.empty(), Optional.empty(), true, 10)),
                       contains(longLived.id()));
            assertThat(files.parts(shortLived.id()), is(1L));

            assertThat(library.deleteExpired(100), is(1));
            assertThat(files.parts(shortLived.id()), is(0L));
            assertThat(library.find(longLived.id()).isPresent(), is(true));
            assertThat(library.deleteExpired(100), is(0));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void contentNoFileOwnsIsSweptOnlyOnceItWasLeftAlongTime(Supplier<TestDatabase> databases) throws IOException {
        try (Library files = Library.open(databases)) {
            FileLibrary library = files.library();
            StagedContent crashed = library.stage(FileLibrary.newId(), new ByteArrayInputStream(new byte[10]), MAX);
            StoredFile kept = store(library, "key_a", Optional.empty());

            files.clock().advance(Duration.ofMinutes(59));
            StagedContent inProgress = library.stage(FileLibrary.newId(), new ByteArrayInputStream(new byte[10]), MAX);
            assertThat(library.deleteAbandoned(Duration.ofHours(1), 100), is(0));

            files.clock().advance(Duration.ofMinutes(2));
            assertThat(library.deleteAbandoned(Duration.ofHours(1), 100), is(1));
            assertThat(files.parts(crashed.id()), is(0L));
            assertThat(files.parts(inProgress.id()), is(1L));
            assertThat(files.parts(kept.id()), is(1L));
        }
    }

    /** A library on a fresh database, its clock at {@link #START}. */
    private record Library(TestDatabase testDatabase, Database database, MutableClock clock, FileLibrary library)
            implements AutoCloseable {

        static Library open(Supplier<TestDatabase> databases) {
            TestDatabase testDatabase = databases.get();
            Database database = Database.open(testDatabase.config());
            MutableClock clock = new MutableClock(START);
            DbClient db = database.client();
            return new Library(testDatabase, database, clock,
                               new FileLibrary(new DatabaseFileStore(db, clock), new FileCatalog(db), clock));
        }

        long parts(String fileId) {
            return database.client().execute()
                    .get("SELECT COUNT(*) AS n FROM file_parts WHERE file_id = ?", fileId)
                    .orElseThrow().column("n").getLong();
        }

        @Override
        public void close() {
            database.close();
            testDatabase.close();
        }
    }

    private static StoredFile store(FileLibrary library, String keyId, Optional<Duration> expiresAfter)
            throws IOException {
        return library.store(FileLibrary.newId(), keyId, "f.jsonl", FilePurpose.BATCH, expiresAfter,
                             new ByteArrayInputStream("{}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), MAX);
    }

    private static List<String> ids(List<StoredFile> files) {
        return files.stream().map(StoredFile::id).toList();
    }
}
