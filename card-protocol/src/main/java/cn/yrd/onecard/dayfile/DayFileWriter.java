package cn.yrd.onecard.dayfile;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.binary.Hex;

/**
 * Writes a day file record by record. Nothing appears under the file's name until {@link #close()} has
 * written the trailer and synced the bytes to disk; a writer that fails or is abandoned leaves no file
 * behind. The same header and records always give the same bytes.
 */
public final class DayFileWriter<R> implements Closeable {
    static final String FORMAT_VERSION = "1";

    private final Path target;
    private final Path tmp;
    private final RecordFormat<R> format;
    private final OutputStream out;
    private final MessageDigest sha256;
    private long count;
    private long amountTotal;
    private DayFileTrailer trailer;

    private DayFileWriter(Path target, RecordFormat<R> format, DayFileHeader header) throws IOException {
        if (header.kind() != format.kind()) {
            throw new IllegalArgumentException("a " + header.kind() + " header cannot head " + format.kind()
                    + " records");
        }
        this.target = target;
        this.format = format;
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        this.tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        this.out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE), 1 << 16);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
        writeLine(List.of("H", header.kind().name(), FORMAT_VERSION, header.senderId(), header.senderCity().code(),
                header.businessDate().format(FieldCursor.DATE), Integer.toString(header.sequence())), false);
    }

    public static <R> DayFileWriter<R> open(Path target, RecordFormat<R> format, DayFileHeader header)
            throws IOException {
        return new DayFileWriter<>(target, format, header);
    }

    /** Writes a whole file in one call and returns its trailer. */
    public static <R> DayFileTrailer write(Path target, RecordFormat<R> format, DayFileHeader header,
            Iterable<R> records) throws IOException {
        DayFileWriter<R> writer = open(target, format, header);
        try {
            for (R r : records) {
                writer.append(r);
            }
            writer.close();
            return writer.trailer();
        } finally {
            writer.abandon();
        }
    }

    public void append(R record) throws IOException {
        if (trailer != null) {
            throw new IllegalStateException("day file " + target + " is already closed");
        }
        long amount = format.amount(record);
        List<String> fields = new ArrayList<>(format.fieldNames().size() + 1);
        fields.add("D");
        fields.addAll(format.encode(record));
        writeLine(fields, true);
        count++;
        amountTotal = Math.addExact(amountTotal, amount);
    }

    /** Writes the trailer, syncs, and moves the file under its name. */
    @Override
    public void close() throws IOException {
        if (trailer != null) {
            return;
        }
        DayFileTrailer t = new DayFileTrailer(count, amountTotal, Hex.encodeHexString(sha256.digest()));
        writeLine(List.of("T", Long.toString(t.count()), Long.toString(t.amountTotal()), t.sha256()), false);
        out.close();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        trailer = t;
    }

    /** The trailer written by {@link #close()}. */
    public DayFileTrailer trailer() {
        if (trailer == null) {
            throw new IllegalStateException("day file " + target + " is not closed yet");
        }
        return trailer;
    }

    /** Drops an unfinished file; harmless after {@link #close()}. */
    public void abandon() throws IOException {
        if (trailer == null) {
            out.close();
            Files.deleteIfExists(tmp);
        }
    }

    private void writeLine(List<String> fields, boolean hashed) throws IOException {
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (f.indexOf('|') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("field " + i + " of a " + format.kind()
                        + " line holds a separator or line break");
            }
            if (i > 0) {
                line.append('|');
            }
            line.append(f);
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        if (hashed) {
            sha256.update(bytes);
        }
        out.write(bytes);
    }
}
