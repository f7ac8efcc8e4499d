package cn.yrd.onecard.dayfile;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.codec.binary.Hex;

/**
 * Reads day files strictly: every line, every field, the trailer's count, amount total and SHA-256. A file
 * is good only once the last byte has been checked, so {@link #forEach} hands records to a consumer that
 * must be able to throw them away (a staging table in one transaction, a list) if the file turns out bad.
 */
public final class DayFileReader {
    private DayFileReader() {
    }

    /** The whole file, or an exception naming the line and field of the first problem. */
    public static <R> DayFile<R> read(Path file, RecordFormat<R> format) throws IOException, DayFileFormatException {
        List<R> records = new ArrayList<>();
        DayFileSummary s = forEach(file, format, records::add);
        return new DayFile<>(s.header(), records, s.trailer());
    }

    /** Checks the whole file without keeping its records. */
    public static DayFileSummary verify(Path file, RecordFormat<?> format) throws IOException,
            DayFileFormatException {
        return forEach(file, format, r -> { });
    }

    /** The header alone: which kind of file this is, from whom, for which date. */
    public static DayFileHeader readHeader(Path file) throws IOException, DayFileFormatException {
        try (LineReader lines = new LineReader(file)) {
            byte[] first = lines.next();
            if (first == null) {
                throw new DayFileFormatException(lines.name(), 1, null, "file is empty");
            }
            return parseHeader(lines, first);
        }
    }

    /**
     * Streams the records of a file of {@code format}'s kind to {@code consumer}, then checks the trailer.
     * The consumer has seen only well-formed records; it must not commit them before this returns.
     */
    public static <R> DayFileSummary forEach(Path file, RecordFormat<R> format, Consumer<? super R> consumer)
            throws IOException, DayFileFormatException {
        try (LineReader lines = new LineReader(file)) {
            byte[] first = lines.next();
            if (first == null) {
                throw new DayFileFormatException(lines.name(), 1, null, "file is empty");
            }
            DayFileHeader header = parseHeader(lines, first);
            if (header.kind() != format.kind()) {
                throw new DayFileFormatException(lines.name(), 1, "kind",
                        "a " + header.kind() + " file, expected " + format.kind());
            }
            MessageDigest sha256 = sha256();
            long count = 0;
            long total = 0;
            int expectedFields = format.fieldNames().size() + 1;
            while (true) {
                byte[] raw = lines.next();
                if (raw == null) {
                    throw new DayFileFormatException(lines.name(), lines.number(), null,
                            "file ends without a trailer line (truncated?)");
                }
                String text = lines.decode(raw);
                if (text.startsWith("T|")) {
                    DayFileTrailer trailer = parseTrailer(lines, text);
                    long at = lines.number();
                    if (lines.next() != null) {
                        throw new DayFileFormatException(lines.name(), lines.number(), null,
                                "text after the trailer line");
                    }
                    check(lines, at, trailer.count() == count, "count",
                            "trailer says " + trailer.count() + " records, the file has " + count);
                    check(lines, at, trailer.amountTotal() == total, "amount_total",
                            "trailer says " + trailer.amountTotal() + " fen, the records sum to " + total);
                    String actual = Hex.encodeHexString(sha256.digest());
                    check(lines, at, trailer.sha256().equals(actual), "sha256",
                            "trailer hash does not match the records (" + actual + ")");
                    return new DayFileSummary(header, trailer);
                }
                String[] fields = split(text);
                if (!fields[0].equals("D")) {
                    throw new DayFileFormatException(lines.name(), lines.number(), null,
                            "line starts with '" + fields[0] + "', expected D (record) or T (trailer)");
                }
                if (fields.length != expectedFields) {
                    throw new DayFileFormatException(lines.name(), lines.number(), null, "a " + format.kind()
                            + " record has " + (expectedFields - 1) + " fields, this line has " + (fields.length - 1));
                }
                R record;
                FieldCursor cursor = new FieldCursor(lines.name(), lines.number(), format.fieldNames(),
                        Arrays.copyOfRange(fields, 1, fields.length));
                try {
                    record = format.decode(cursor);
                } catch (IllegalArgumentException e) {
                    throw new DayFileFormatException(lines.name(), lines.number(), null, e.getMessage());
                }
                sha256.update(raw);
                sha256.update((byte) '\n');
                count++;
                try {
                    total = Math.addExact(total, format.amount(record));
                } catch (ArithmeticException e) {
                    throw new DayFileFormatException(lines.name(), lines.number(), null,
                            "the records' amounts add up past what a 64-bit fen total holds");
                }
                consumer.accept(record);
            }
        }
    }

    private static DayFileHeader parseHeader(LineReader lines, byte[] raw) throws DayFileFormatException {
        String[] f = split(lines.decode(raw));
        List<String> names = List.of("tag", "kind", "version", "sender_id", "sender_city", "business_date",
                "sequence");
        if (f.length != names.size() || !f[0].equals("H")) {
            throw new DayFileFormatException(lines.name(), 1, null,
                    "the first line must be a header H|kind|version|sender_id|sender_city|business_date|sequence");
        }
        FieldCursor c = new FieldCursor(lines.name(), 1, names, f);
        c.text();
        DayFileKind kind = c.parsed(v -> {
            try {
                return DayFileKind.valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + v + "' is not TRANSIT, MEDICAL or PENSION");
            }
        });
        String version = c.text();
        if (!version.equals(DayFileWriter.FORMAT_VERSION)) {
            throw c.error("version '" + version + "' is not supported, expected " + DayFileWriter.FORMAT_VERSION);
        }
        String sender = c.text();
        if (!DayFileHeader.SENDER.matcher(sender).matches()) {
            throw c.error("'" + sender + "' is not 1 to 32 of A-Z a-z 0-9 _ -");
        }
        var city = c.city();
        LocalDate date = c.date();
        int sequence = (int) c.number(999_999);
        if (sequence == 0) {
            throw c.error("sequence starts at 1");
        }
        return new DayFileHeader(kind, sender, city, date, sequence);
    }

    private static DayFileTrailer parseTrailer(LineReader lines, String text) throws DayFileFormatException {
        String[] f = split(text);
        if (f.length != 4) {
            throw new DayFileFormatException(lines.name(), lines.number(), null,
                    "a trailer is T|count|amount_total|sha256, this one has " + f.length + " fields");
        }
        FieldCursor c = new FieldCursor(lines.name(), lines.number(), List.of("tag", "count", "amount_total",
                "sha256"), f);
        c.text();
        long count = c.number(Long.MAX_VALUE);
        long total = c.number(Long.MAX_VALUE);
        String hash = c.text();
        if (hash.length() != 64 || !hash.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
            throw c.error("'" + hash + "' is not 64 lower-case hex digits");
        }
        return new DayFileTrailer(count, total, hash);
    }

    private static void check(LineReader lines, long line, boolean ok, String field, String problem)
            throws DayFileFormatException {
        if (!ok) {
            throw new DayFileFormatException(lines.name(), line, field, problem);
        }
    }

    /** The fields between the {@code |}s, empty ones included (a record has 10 to 23; split's list grew twice). */
    private static String[] split(String line) {
        int n = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|') {
                n++;
            }
        }
        String[] fields = new String[n];
        int from = 0;
        for (int f = 0; f < n - 1; f++) {
            int bar = line.indexOf('|', from);
            fields[f] = line.substring(from, bar);
            from = bar + 1;
        }
        fields[n - 1] = line.substring(from);
        return fields;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
