package cn.yrd.onecard.terminal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

/**
 * An append-only text file of lines, each ending in {@code |<crc32>}, each synced to disk as it is written.
 * A crash can only tear the last line, which opening drops; a bad line followed by good ones is damage,
 * not a crash, and opening refuses it rather than lose the good lines. One writer thread (a sync may run on the
 * log's own thread while it does other work).
 */
public final class ChecksummedLog implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final List<String> lines;
    private final boolean droppedTornLine;
    /** The thread that syncs while the writer goes on ({@link #append(String, WhileSyncing)}); made on first use. */
    private ExecutorService syncer;

    private ChecksummedLog(Path file, FileChannel channel, List<String> lines, boolean droppedTornLine) {
        this.file = file;
        this.channel = channel;
        this.lines = lines;
        this.droppedTornLine = droppedTornLine;
    }

    public static ChecksummedLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Valid valid;
        try {
            valid = valid(file, Files.readAllBytes(file));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (valid.torn()) {
            // A torn last line (or one without its line feed) never completed, so it never counted.
            ch.truncate(valid.length());
            ch.force(true);
        }
        ch.position(valid.length());
        return new ChecksummedLog(file, ch, valid.lines(), valid.torn());
    }

    /**
     * The complete lines of {@code file}, read only: its writer may be running (a line it is writing is not yet
     * one), and nothing is truncated.
     */
    public static List<String> read(Path file) throws IOException {
        return valid(file, Files.readAllBytes(file)).lines();
    }

    /** The lines whose checksums hold, and the length they take; whether anything follows them (a torn line). */
    private record Valid(List<String> lines, int length, boolean torn) {
    }

    private static Valid valid(Path file, byte[] all) throws IOException {
        List<String> valid = new ArrayList<>();
        int good = 0;
        int start = 0;
        int lineNo = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            lineNo++;
            String line = new String(all, start, i - start, StandardCharsets.UTF_8);
            if (!checksumOk(line)) {
                if (i + 1 < all.length) {
                    // A torn write only ever hits the last line: good lines after a bad one mean damage.
                    throw new IOException(file + " line " + lineNo + " fails its checksum but later lines follow: "
                            + "damaged, not torn; move it aside and inspect it before the terminal runs again");
                }
                break;
            }
            valid.add(line.substring(0, line.lastIndexOf('|')));
            good = i + 1;
            start = i + 1;
        }
        return new Valid(valid, good, good < all.length);
    }

    /** The lines that were there when the log was opened, without their checksums. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean droppedTornLine() {
        return droppedTornLine;
    }

    public Path file() {
        return file;
    }

    /** Appends {@code body} with its checksum and syncs it before returning. */
    public void append(String body) throws IOException {
        write(body);
        channel.force(false);
    }

    /**
     * Work that may run while a line is synced: the caller's device I/O, which the line does not depend on (the
     * disk and the card or PSAM then wait at the same time, not one after the other).
     */
    @FunctionalInterface
    public interface WhileSyncing<E extends Exception> {
        void run() throws E;
    }

    /**
     * Appends {@code body} as {@link #append(String)} does, running {@code meanwhile} on this thread while the line is
     * synced on the log's own: returns (or throws what {@code meanwhile} threw) only once the line is on disk.
     */
    public <E extends Exception> void append(String body, WhileSyncing<E> meanwhile) throws IOException, E {
        write(body);
        Future<?> sync = syncer().submit(() -> {
            channel.force(false);
            return null;
        });
        try {
            meanwhile.run();
        } catch (Exception | Error e) {
            try {
                awaitSync(sync);
            } catch (IOException failed) {
                e.addSuppressed(failed);
            }
            throw e;
        }
        awaitSync(sync);
    }

    private void write(String body) throws IOException {
        if (body.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a log line cannot hold a line feed");
        }
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        ByteBuffer buf = ByteBuffer.wrap((body + "|" + String.format("%08x", crc.getValue()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    private ExecutorService syncer() {
        if (syncer == null) {
            syncer = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "sync " + file.getFileName());
                t.setDaemon(true);
                return t;
            });
        }
        return syncer;
    }

    /** Waits for the line to be on disk, through interrupts too: the caller must not go on before it is. */
    private void awaitSync(Future<?> sync) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    sync.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io
                            : new IOException("syncing " + file + " failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean checksumOk(String line) {
        int bar = line.lastIndexOf('|');
        if (bar < 0 || line.length() - bar != 9) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(line.substring(0, bar).getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue()).equals(line.substring(bar + 1));
    }

    @Override
    public void close() throws IOException {
        if (syncer != null) {
            syncer.shutdown();
        }
        channel.close();
    }
}
