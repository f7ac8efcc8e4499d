package cn.yrd.onecard.dayfile;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.binary.Hex;

/**
 * The files clearing sends each city every night ({@code <city>-result.txt}, {@code <city>-detail.txt}, formats in
 * docs/clearing.md): a header naming the kind, the city and the date, body lines, and a trailer with their count and
 * SHA-256. Read by settlement, and by an issuing city's load host checking that its approved loads came back.
 */
public final class ClearingFiles {
    /** Clearing's totals of a city's pairs. */
    public static final String RESULT = "CLEARING_RESULT";
    /** Every accepted and suspended record a city pays or is paid for. */
    public static final String DETAIL = "CLEARING_DETAIL";

    private ClearingFiles() {
    }

    /** A body line split on '|', with where it came from for error messages. */
    public record Line(String file, long number, String[] fields) {
    }

    /**
     * The body lines of {@code file}, once its header is the one expected ({@code kind} of {@code city} on
     * {@code date}) and its trailer matches the lines above it: a truncated or altered file is refused whole.
     */
    public static List<Line> body(Path file, String kind, String city, LocalDate date) throws IOException,
            DayFileFormatException {
        List<Line> body = new ArrayList<>();
        MessageDigest sha = sha256();
        String name = String.valueOf(file.getFileName());
        try (LineReader lines = new LineReader(file)) {
            byte[] raw = lines.next();
            if (raw == null) {
                throw new DayFileFormatException(name, 1, null, "file is empty");
            }
            String header = lines.decode(raw);
            String expected = "H|" + kind + "|1|" + city + "|" + date.format(DateTimeFormatter.BASIC_ISO_DATE);
            if (!header.equals(expected)) {
                throw new DayFileFormatException(name, 1, null, "header '" + header + "' is not '" + expected + "'");
            }
            String last = null;
            while ((raw = lines.next()) != null) {
                String line = lines.decode(raw);
                if (line.startsWith("T|")) {
                    last = line;
                    if (lines.next() != null) {
                        throw new DayFileFormatException(name, lines.number(), null, "line after the trailer");
                    }
                    break;
                }
                sha.update(raw);
                sha.update((byte) '\n');
                body.add(new Line(name, lines.number(), line.split("\\|", -1)));
            }
            if (last == null) {
                throw new DayFileFormatException(name, lines.number() + 1, null, "no trailer (file truncated?)");
            }
            String trailer = "T|" + body.size() + "|" + Hex.encodeHexString(sha.digest());
            if (!last.equals(trailer)) {
                throw new DayFileFormatException(name, lines.number(), null,
                        "trailer does not match the lines above it (count " + body.size() + ", or their SHA-256)");
            }
        }
        return body;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
