package cn.yrd.onecard.dayfile;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.apache.commons.codec.binary.Hex;

/**
 * The frame the delta's controlled lists share (hotlists, the terminal registry, clearing's outgoing files): a
 * header line, body lines, and a trailer {@code T|count|sha256} over the body lines, each with its LF. Read
 * streaming, each line handed to the format as it comes, the trailer then checked against the lines before it: a
 * truncated, padded or altered file is refused whole. Every error names the file, the line and, where one is to
 * blame, the field. (Day files' frame adds an amount total and its own header: {@link DayFileReader}.)
 */
public final class ControlledFrame {
    private ControlledFrame() {
    }

    /** One line of a file, for a format to take apart and to blame. */
    public record Line(String file, long number, String text) {
        /** The line split on '|', empty fields kept. */
        public String[] fields() {
            return text.split("\\|", -1);
        }

        public DayFileFormatException error(String field, String problem) {
            return new DayFileFormatException(file, number, field, problem);
        }
    }

    /** What a format does with the lines of its frame. */
    public interface Format {
        /** Checks (and reads what it needs of) the header, the file's first line. */
        void header(Line line) throws DayFileFormatException;

        /** Takes one body line, in file order. */
        void body(Line line) throws DayFileFormatException;
    }

    /** Reads {@code file} through {@code format}; returns how many body lines it had. */
    public static long read(Path file, Format format) throws IOException, DayFileFormatException {
        String name = String.valueOf(file.getFileName());
        MessageDigest sha = sha256();
        long count = 0;
        try (LineReader lines = new LineReader(file)) {
            byte[] raw = lines.next();
            if (raw == null) {
                throw new DayFileFormatException(name, 1, null, "file is empty");
            }
            format.header(new Line(name, 1, lines.decode(raw)));
            while ((raw = lines.next()) != null) {
                String text = lines.decode(raw);
                if (text.startsWith("T|")) {
                    if (lines.next() != null) {
                        throw new DayFileFormatException(name, lines.number(), null, "text after the trailer");
                    }
                    String expected = "T|" + count + "|" + Hex.encodeHexString(sha.digest());
                    if (!text.equals(expected)) {
                        String[] t = text.split("\\|", -1);
                        throw new DayFileFormatException(name, lines.number(), t.length == 3 && t[1].equals(
                                Long.toString(count)) ? "sha256" : "count", "the trailer does not match the "
                                + count + " lines above it (T|count|sha256 of them)");
                    }
                    return count;
                }
                sha.update(raw);
                sha.update((byte) '\n');
                count++;
                format.body(new Line(name, lines.number(), text));
            }
            throw new DayFileFormatException(name, lines.number() + 1, null, "no trailer (file truncated?)");
        }
    }

    /** The trailer of {@code bodyLines} (each without its LF): the one place the frame's text is made. */
    public static String trailer(List<String> bodyLines) {
        MessageDigest sha = sha256();
        for (String line : bodyLines) {
            sha.update((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return "T|" + bodyLines.size() + "|" + Hex.encodeHexString(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
