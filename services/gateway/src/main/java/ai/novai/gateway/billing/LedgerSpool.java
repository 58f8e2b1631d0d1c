package ai.novai.gateway.billing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The ledger rows this gateway answered for while the database could not take them: an append-only file,
 * fsync'd per batch before any of the batch's requests is answered, read back in order and emptied once
 * every row is in the database. Nothing else ever writes the file.
 * <p>
 * One gateway per file: a directory holds slots {@code ledger-N.spool}, each owned through an exclusive lock on
 * {@code ledger-N.lock}; a gateway takes the lowest free slot, so several gateways may share a directory and a
 * gateway restarted on the directory takes back the slot its predecessor left, rows included.
 * <p>
 * After a crash the file ends with whatever was written: a last record torn in the middle (its batch was never
 * acknowledged, its requests never answered) is cut off when the file is opened. Rows already replayed before
 * a crash are replayed again; the database keeps the first copy of each id.
 */
public final class LedgerSpool implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(LedgerSpool.class.getName());
    private static final int MAX_SLOTS = 64;
    private static final int READ_BUFFER = 256 * 1024;

    private final Path file;
    private final Path rejectedFile;
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long maxBytes;
    // guarded by this
    private long size;
    private long replayedTo;
    private long pendingRows;
    private final Map<String, TreeMap<LocalDate, BigDecimal>> pendingSpend = new HashMap<>();

    private LedgerSpool(Path file, FileChannel channel, FileChannel lockChannel, FileLock lock, long maxBytes) {
        this.file = file;
        this.rejectedFile = file.resolveSibling(file.getFileName().toString().replace(".spool", ".rejected"));
        this.channel = channel;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.maxBytes = maxBytes;
    }

    /**
     * Takes the lowest free slot of the directory (created if needed) and reads what its file holds.
     *
     * @param directory where the spool files live
     * @param maxBytes  size at which {@link #isFull()} says so
     * @throws UncheckedIOException when the directory cannot be used
     */
    public static LedgerSpool open(Path directory, long maxBytes) {
        try {
            Files.createDirectories(directory);
            for (int slot = 0; slot < MAX_SLOTS; slot++) {
                FileChannel lockChannel = FileChannel.open(directory.resolve("ledger-" + slot + ".lock"),
                                                           StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(lockChannel);
                if (lock == null) {
                    lockChannel.close();
                    continue;
                }
                Path file = directory.resolve("ledger-" + slot + ".spool");
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                                                       StandardOpenOption.WRITE);
                syncDirectory(directory);
                LedgerSpool spool = new LedgerSpool(file, channel, lockChannel, lock, maxBytes);
                spool.load();
                return spool;
            }
            throw new IllegalStateException("all " + MAX_SLOTS + " ledger spool slots of " + directory + " are in use");
        } catch (IOException e) {
            throw new UncheckedIOException("the ledger spool directory " + directory + " cannot be used", e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    // the file's own directory entry must survive a power loss too
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for reading: the entry is synced with the file's metadata
        }
    }

    // Reads the rows the file holds, cutting off a torn last record.
    private synchronized void load() throws IOException {
        long fileSize = channel.size();
        size = fileSize;
        // counted as read, never all held at once: a full spool is far larger than a heap should hold
        long[] rows = new long[1];
        long intactTo = read(0, Long.MAX_VALUE, entry -> {
            count(entry, true);
            rows[0]++;
        });
        if (intactTo < fileSize) {
            LOGGER.log(System.Logger.Level.WARNING, "the ledger spool " + file + " ends with " + (fileSize - intactTo)
                    + " bytes that are not a whole record (a write cut by a crash; its requests were never "
                    + "answered): cut off");
            channel.truncate(intactTo);
            channel.force(true);
            size = intactTo;
        }
        pendingRows = rows[0];
        if (pendingRows > 0) {
            LOGGER.log(System.Logger.Level.WARNING, "the ledger spool " + file + " holds " + pendingRows
                    + " rows not yet in the database (" + pendingTotal().toPlainString()
                    + " USD); they are replayed once the database takes rows");
        }
    }

    /** Appends rows and syncs them to disk; when this returns they survive a crash. */
    public synchronized void append(List<LedgerEntry> entries) throws IOException {
        List<byte[]> lines = entries.stream().map(SpoolFormat::encode).toList();
        int length = lines.stream().mapToInt(line -> line.length).sum();
        ByteBuffer buffer = ByteBuffer.allocate(length);
        lines.forEach(buffer::put);
        buffer.flip();
        long at = size;
        try {
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(false);
        } catch (IOException e) {
            // what was written is not acknowledged: cut it, so that no later record follows a half-written one
            try {
                channel.truncate(size);
            } catch (IOException truncateFailed) {
                e.addSuppressed(truncateFailed);
            }
            throw e;
        }
        size = at;
        pendingRows += entries.size();
        entries.forEach(entry -> count(entry, true));
    }

    /** Whether rows wait to be replayed. */
    public synchronized boolean hasPending() {
        return pendingRows > 0;
    }

    /** Rows waiting to be replayed. */
    public synchronized long pendingRows() {
        return pendingRows;
    }

    /** The file's size: rows waiting, and those replayed since it was last emptied. */
    public synchronized long bytes() {
        return size;
    }

    /** Whether the file reached its size limit: new metered requests are then refused. */
    public synchronized boolean isFull() {
        return size >= maxBytes;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Where rows the database refused on replay are kept. */
    public Path rejectedFile() {
        return rejectedFile;
    }

    /** Rows in the order they were spooled, from the first not yet replayed; empty when none waits. */
    public synchronized Optional<Chunk> next(int maxRows) {
        if (pendingRows == 0) {
            return Optional.empty();
        }
        List<LedgerEntry> records = new ArrayList<>();
        try {
            long end = read(replayedTo, maxRows, records::add);
            return Optional.of(new Chunk(List.copyOf(records), replayedTo, end));
        } catch (IOException e) {
            throw new UncheckedIOException("the ledger spool " + file + " cannot be read", e);
        }
    }

    /**
     * Notes that a chunk's rows are in the database. When no row waits any more the file is emptied.
     *
     * @return whether the spool is empty now
     */
    public synchronized boolean replayed(Chunk chunk) throws IOException {
        if (chunk.start() != replayedTo) {
            throw new IllegalStateException("chunk " + chunk.start() + " replayed out of order (at " + replayedTo + ")");
        }
        replayedTo = chunk.end();
        pendingRows -= chunk.entries().size();
        chunk.entries().forEach(entry -> count(entry, false));
        if (replayedTo == size) {
            channel.truncate(0);
            channel.force(true);
            size = 0;
            replayedTo = 0;
            pendingRows = 0;
            pendingSpend.clear();
            return true;
        }
        return false;
    }

    /** Keeps a row the database refused (not a failure to reach it) beside the spool, for an operator. */
    public synchronized void reject(LedgerEntry entry) throws IOException {
        Files.write(rejectedFile, SpoolFormat.encode(entry), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
    }

    /** Spend of the key's rows waiting here with a usage day in {@code [from, to)}. */
    public synchronized BigDecimal pendingSpend(String keyId, LocalDate from, LocalDate to) {
        TreeMap<LocalDate, BigDecimal> days = pendingSpend.get(keyId);
        if (days == null) {
            return BigDecimal.ZERO;
        }
        return days.subMap(from, to).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BigDecimal pendingTotal() {
        return pendingSpend.values().stream().flatMap(days -> days.values().stream())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void count(LedgerEntry entry, boolean add) {
        LocalDate day = LocalDate.ofInstant(entry.finishedAt(), ZoneOffset.UTC);
        TreeMap<LocalDate, BigDecimal> days = pendingSpend.computeIfAbsent(entry.keyId(), key -> new TreeMap<>());
        BigDecimal spent = days.getOrDefault(day, BigDecimal.ZERO);
        spent = add ? spent.add(entry.costUsd()) : spent.subtract(entry.costUsd());
        if (spent.signum() == 0) {
            days.remove(day);
            if (days.isEmpty()) {
                pendingSpend.remove(entry.keyId());
            }
        } else {
            days.put(day, spent);
        }
    }

    // Reads up to maxRows intact records from an offset; returns the offset after the last of them.
    private long read(long from, long maxRows, Consumer<LedgerEntry> into) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
        long position = from;
        long intactTo = from;
        long rows = 0;
        while (rows < maxRows && position < size) {
            buffer.clear();
            int read = channel.read(buffer, position);
            if (read <= 0) {
                break;
            }
            byte[] bytes = buffer.array();
            int lineStart = 0;
            int consumed = 0;
            for (int i = 0; i < read && rows < maxRows; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                Optional<LedgerEntry> entry = SpoolFormat.decode(bytes, lineStart, i - lineStart);
                if (entry.isEmpty()) {
                    return intactTo;
                }
                into.accept(entry.get());
                rows++;
                lineStart = i + 1;
                consumed = lineStart;
                intactTo = position + consumed;
            }
            if (consumed == 0) {
                // no whole line in a full buffer (a line longer than any record), or a torn end
                return intactTo;
            }
            position += consumed;
        }
        return intactTo;
    }

    /** Releases the slot; rows still waiting stay in the file for the next gateway on this directory. */
    @Override
    public synchronized void close() {
        try {
            channel.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOGGER.log(System.Logger.Level.WARNING, "closing the ledger spool " + file + " failed", e);
        }
    }

    /**
     * Rows read from the spool, to be replayed together.
     *
     * @param entries the rows, in spool order
     * @param start   offset of the first
     * @param end     offset after the last
     */
    public record Chunk(List<LedgerEntry> entries, long start, long end) {
    }
}
