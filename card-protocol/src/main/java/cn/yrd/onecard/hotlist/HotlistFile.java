package cn.yrd.onecard.hotlist;

import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.LineReader;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.commons.codec.binary.Hex;

/**
 * Reads a hotlist file (docs/formats.md, "Hotlist"): header, one line per card in ascending serial order,
 * trailer with count and SHA-256. The file is checked whole before the list is returned, so a gate swaps in
 * a complete new version or keeps its old one.
 */
public final class HotlistFile {
    static final Set<String> REASONS = Set.of("LOST", "STOLEN", "REFUNDED", "DAMAGED");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private HotlistFile() {
    }

    /**
     * A list's text from its header line and its {@code D|serial|reason|effective} lines (in serial order): the
     * trailer with their count and SHA-256 is added here, the one place hotlist text is made.
     */
    public static String assemble(String header, List<String> cardLines) {
        StringBuilder body = new StringBuilder();
        cardLines.forEach(l -> body.append(l).append('\n'));
        try {
            String sha = org.apache.commons.codec.binary.Hex.encodeHexString(MessageDigest.getInstance("SHA-256")
                    .digest(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return header + "\n" + body + "T|" + cardLines.size() + "|" + sha + "\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Hotlist read(Path file) throws IOException {
        String name = String.valueOf(file.getFileName());
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] serials = new long[1024];
        long[] effective = new long[1024];
        int n = 0;
        long version = -1;
        long lineNo = 0;
        String trailer = null;
        try (LineReader lines = new LineReader(file)) {
            byte[] raw;
            while ((raw = next(lines)) != null) {
                lineNo++;
                String line = new String(raw, java.nio.charset.StandardCharsets.US_ASCII);
                if (trailer != null) {
                    throw error(name, lineNo, "text after the trailer");
                }
                if (lineNo == 1) {
                    String[] h = line.split("\\|", -1);
                    if (h.length != 5 || !h[0].equals("H") || !h[1].equals("HOTLIST") || !h[2].equals("1")) {
                        throw error(name, 1, "header must be H|HOTLIST|1|version|generated");
                    }
                    version = number(name, 1, "version", h[3]);
                    time(name, 1, "generated", h[4]);
                    continue;
                }
                if (line.startsWith("T|")) {
                    trailer = line;
                    continue;
                }
                String[] f = line.split("\\|", -1);
                if (f.length != 4 || !f[0].equals("D")) {
                    throw error(name, lineNo, "a card line is D|serial|reason|effective");
                }
                if (f[1].length() != 16) {
                    throw error(name, lineNo, "field serial: '" + f[1] + "' is not 16 digits");
                }
                long serial = number(name, lineNo, "serial", f[1]);
                if (n > 0 && serial <= serials[n - 1]) {
                    throw error(name, lineNo, "field serial: serials must be in ascending order without repeats");
                }
                if (!REASONS.contains(f[2])) {
                    throw error(name, lineNo, "field reason: '" + f[2] + "' is not one of LOST, STOLEN, REFUNDED, DAMAGED");
                }
                if (n == serials.length) {
                    serials = Arrays.copyOf(serials, n * 2);
                    effective = Arrays.copyOf(effective, n * 2);
                }
                serials[n] = serial;
                effective[n] = Hotlist.seconds(time(name, lineNo, "effective", f[3]));
                n++;
                sha256.update(raw);
                sha256.update((byte) '\n');
            }
        }
        if (version < 0) {
            throw error(name, 1, "file is empty");
        }
        if (trailer == null) {
            throw error(name, lineNo, "no trailer line (file truncated?)");
        }
        String[] t = trailer.split("\\|", -1);
        if (t.length != 3) {
            throw error(name, lineNo, "trailer must be T|count|sha256");
        }
        if (number(name, lineNo, "count", t[1]) != n) {
            throw error(name, lineNo, "field count: trailer says " + t[1] + " cards, the file has " + n);
        }
        if (!Hex.encodeHexString(sha256.digest()).equals(t[2])) {
            throw error(name, lineNo, "field sha256: trailer hash does not match the card lines");
        }
        return Hotlist.sorted(version, serials, effective, n);
    }

    /** The next line; the strict line rules (LF only, no CR, length, final LF) are the day files' own. */
    private static byte[] next(LineReader lines) throws IOException {
        try {
            return lines.next();
        } catch (DayFileFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static long number(String name, long line, String field, String v) throws IOException {
        try {
            if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error(name, line, "field " + field + ": '" + v + "' is not a whole number");
        }
    }

    private static LocalDateTime time(String name, long line, String field, String v) throws IOException {
        try {
            return LocalDateTime.parse(v, TIME);
        } catch (DateTimeParseException e) {
            throw error(name, line, "field " + field + ": '" + v + "' is not YYYYMMDDhhmmss");
        }
    }

    private static IOException error(String name, long line, String problem) {
        return new IOException(name + ": line " + line + ": " + problem);
    }
}
