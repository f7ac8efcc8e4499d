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
 * The frame every controlled file of the delta shares (day files, hotlists, the terminal registry, clearing's
 * outgoing files, the bank's and the cities' files): a header line, body lines, and a trailer {@code T|count|…} whose
 * fields ({@link Trailer}) are the count of body lines and, as the format has them, their amount total in fen and
 * the SHA-256 of their bytes, each line with its LF. Read streaming, each line handed to the format as it comes, the
 * trailer then checked against the lines before it: a truncated, padded or altered file is refused. Every error names
 * the file, the line and, where one is to blame, the field. Each format keeps only its header and its body layout.
 */
public final class ControlledFrame {
    private ControlledFrame() {
    }

    /** What a trailer carries after {@code T}. */
    public enum Trailer {
        /** {@code T|count|sha256}: hotlists, the terminal registry, clearing's outgoing files. */
        COUNT_SHA256(false, true),
        /** {@code T|count|amount_total|sha256}: day files. */
        COUNT_AMOUNT_SHA256(true, true),
        /** {@code T|count|amount_total}: the bank's and the cities' files, settlement's instructions. */
        COUNT_AMOUNT(true, false);

        private final boolean amount;
        private final boolean sha256;
        private final List<String> fieldNames;

        Trailer(boolean amount, boolean sha256) {
            this.amount = amount;
            this.sha256 = sha256;
            List<String> names = new ArrayList<>(List.of("tag", "count"));
            if (amount) {
                names.add("amount_total");
            }
            if (sha256) {
                names.add("sha256");
            }
            this.fieldNames = List.copyOf(names);
        }

        private String shape() {
            return "T|" + String.join("|", fieldNames.subList(1, fieldNames.size()));
        }

        private MessageDigest digest() {
            return sha256 ? sha256() : null;
        }

        /** The trailer's text for what the body held. */
        private String text(long count, long amountTotal, String sha256Hex) {
            StringBuilder t = new StringBuilder("T|").append(count);
            if (amount) {
                t.append('|').append(amountTotal);
            }
            if (sha256) {
                t.append('|').append(sha256Hex);
            }
            return t.toString();
        }
    }

    /** One line of a file, for a format to take apart and to blame. */
    public record Line(String file, long number, String text) {
        /** The fields between the {@code |}s, empty ones included (a day file's record has 10 to 23). */
        public String[] fields() {
            int[] ends = FieldCursor.ends(text);
            String[] fields = new String[ends.length];
            int from = 0;
            for (int f = 0; f < ends.length; f++) {
                fields[f] = text.substring(from, ends[f]);
                from = ends[f] + 1;
            }
            return fields;
        }

        public DayFileFormatException error(String field, String problem) {
            return new DayFileFormatException(file, number, field, problem);
        }
    }

    /** What a format does with the lines of its frame. */
    public interface Format {
        /** Checks (and reads what it needs of) the header, the file's first line. */
        void header(Line line) throws DayFileFormatException;

        /** Takes one body line, in file order, and returns its amount in fen (ignored where the trailer has no total). */
        long body(Line line) throws DayFileFormatException;
    }

    /** What the trailer said, once it has been checked against the body. */
    public record Totals(long count, long amountTotal, String sha256) {
    }

    /** Reads {@code file}, whose trailer is {@code T|count|sha256}, through {@code format}: how many body lines. */
    public static long read(Path file, Format format) throws IOException, DayFileFormatException {
        return read(file, Trailer.COUNT_SHA256, format).count();
    }

    /** Reads {@code file} through {@code format} and checks its {@code trailer}. */
    public static Totals read(Path file, Trailer trailer, Format format) throws IOException, DayFileFormatException {
        String name = String.valueOf(file.getFileName());
        MessageDigest digest = trailer.digest();
        long count = 0;
        long total = 0;
        try (LineReader lines = new LineReader(file)) {
            byte[] raw = lines.next();
            if (raw == null) {
                throw new DayFileFormatException(name, 1, null, "file is empty");
            }
            format.header(new Line(name, 1, lines.decode(raw)));
            while ((raw = lines.next()) != null) {
                Line line = new Line(name, lines.number(), lines.decode(raw));
                if (line.text().startsWith("T|")) {
                    if (lines.next() != null) {
                        throw new DayFileFormatException(name, lines.number(), null, "text after the trailer");
                    }
                    return check(line, trailer, count, total, digest);
                }
                long amount = format.body(line);
                if (digest != null) {
                    digest.update(raw);
                    digest.update((byte) '\n');
                }
                count++;
                if (trailer.amount) {
                    try {
                        total = Math.addExact(total, amount);
                    } catch (ArithmeticException e) {
                        // A wrapped sum could match a forged trailer: the file is refused instead.
                        throw line.error(null, "the amounts add up past what a 64-bit fen total holds");
                    }
                }
            }
            throw new DayFileFormatException(name, lines.number() + 1, null, "no trailer (file truncated?)");
        }
    }

    private static Totals check(Line line, Trailer trailer, long count, long total, MessageDigest digest)
            throws DayFileFormatException {
        String[] f = line.fields();
        if (f.length != trailer.fieldNames.size()) {
            throw line.error(null, "a trailer is " + trailer.shape() + ", this one has " + f.length + " fields");
        }
        FieldCursor c = FieldCursor.of(line.file(), line.number(), trailer.fieldNames, f);
        c.text();
        long saidCount = c.number(Long.MAX_VALUE);
        long saidTotal = trailer.amount ? c.number(Long.MAX_VALUE) : 0;
        String saidHash = trailer.sha256 ? c.text() : null;
        if (saidHash != null && (saidHash.length() != 64 || !saidHash.chars().allMatch(
                ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))) {
            throw c.error("'" + saidHash + "' is not 64 lower-case hex digits");
        }
        if (saidCount != count) {
            throw line.error("count", "trailer says " + saidCount + " lines, the file has " + count);
        }
        if (saidTotal != total) {
            throw line.error("amount_total", "trailer says " + saidTotal + " fen, the lines sum to " + total);
        }
        if (saidHash != null) {
            String actual = Hex.encodeHexString(digest.digest());
            if (!saidHash.equals(actual)) {
                throw line.error("sha256", "trailer hash does not match the lines (" + actual + ")");
            }
        }
        return new Totals(count, total, saidHash);
    }

    /** The trailer {@code T|count|sha256} of {@code bodyLines} (each without its LF), for a file made in memory. */
    public static String trailer(List<String> bodyLines) {
        MessageDigest digest = sha256();
        for (String line : bodyLines) {
            digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Trailer.COUNT_SHA256.text(bodyLines.size(), 0, Hex.encodeHexString(digest.digest()));
    }

    /**
     * A body line (without its LF), checked and encoded once: made where the line is made (a clearing night's reader
     * threads), written to as many files as it goes to.
     */
    public static final class Body {
        private final byte[] utf8;

        private Body(byte[] utf8) {
            this.utf8 = utf8;
        }

        /** {@code text} as a body line; one that holds a line break, or looks like the trailer, is refused. */
        public static Body of(String text) {
            if (text.startsWith("T|")) {
                throw new IllegalArgumentException("a body line cannot look like the trailer: " + text);
            }
            if (holdsLineBreak(text)) {
                throw new IllegalArgumentException("a body line holds a line break");
            }
            return new Body(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The line's text. */
        public String text() {
            return new String(utf8, StandardCharsets.UTF_8);
        }
    }

    /**
     * String.indexOf searches many chars a step. The byte loop it replaced for body lines ran on the writer's one
     * thread, for every file a line went to: a quarter of the CPU samples of a clearing night's outgoing files (JFR).
     */
    private static boolean holdsLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    /**
     * A file written line by line. Nothing appears under its name until {@link #close()} has written the trailer and
     * synced the bytes to disk; a writer that fails or is abandoned leaves no file behind, and the last whole file
     * stays.
     */
    public static final class Writer implements Closeable {
        private final Path target;
        private final Path part;
        private final Trailer trailer;
        private final OutputStream out;
        private final MessageDigest digest;
        private long count;
        private long total;
        private Totals written;

        public Writer(Path target, Trailer trailer, String header) throws IOException {
            this.target = target;
            this.trailer = trailer;
            this.digest = trailer.digest();
            Path dir = Files.createDirectories(target.toAbsolutePath().getParent());
            this.part = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            this.out = new BufferedOutputStream(Files.newOutputStream(part, StandardOpenOption.WRITE), 1 << 16);
            write(header);
        }

        /** One body line (without its LF) of {@code amount} fen (ignored where the trailer has no total). */
        public void line(String text, long amount) throws IOException {
            line(Body.of(text), amount);
        }

        /** One body line, checked and encoded already (a line that goes to several files is so once). */
        public void line(Body body, long amount) throws IOException {
            if (written != null) {
                throw new IllegalStateException(target + " is already closed");
            }
            if (trailer.amount) {
                total = Math.addExact(total, amount);
            }
            if (digest != null) {
                digest.update(body.utf8);
                digest.update((byte) '\n');
            }
            out.write(body.utf8);
            out.write('\n');
            count++;
        }

        /** Writes the trailer, syncs, and moves the file under its name. */
        @Override
        public void close() throws IOException {
            if (written != null) {
                return;
            }
            String hash = digest == null ? null : Hex.encodeHexString(digest.digest());
            write(trailer.text(count, total, hash));
            out.close();
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written = new Totals(count, total, hash);
        }

        /** What {@link #close()} wrote in the trailer. */
        public Totals totals() {
            if (written == null) {
                throw new IllegalStateException(target + " is not closed yet");
            }
            return written;
        }

        /** Drops an unfinished file; harmless after {@link #close()}. */
        public void abandon() throws IOException {
            if (written == null) {
                out.close();
                Files.deleteIfExists(part);
            }
        }

        /** The header or the trailer: no part of the body's count or hash. */
        private void write(String text) throws IOException {
            if (holdsLineBreak(text)) {
                throw new IllegalArgumentException("a line of " + target.getFileName() + " holds a line break");
            }
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
