package cn.yrd.onecard.dayfile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
            return parseHeader(new ControlledFrame.Line(lines.name(), 1, lines.decode(first)));
        }
    }

    /**
     * Streams the records of a file of {@code format}'s kind to {@code consumer}, then checks the trailer.
     * The consumer has seen only well-formed records; it must not commit them before this returns.
     */
    public static <R> DayFileSummary forEach(Path file, RecordFormat<R> format, Consumer<? super R> consumer)
            throws IOException, DayFileFormatException {
        int expectedFields = format.fieldNames().size() + 1;
        DayFileHeader[] header = new DayFileHeader[1];
        ControlledFrame.Totals totals = ControlledFrame.read(file, ControlledFrame.Trailer.COUNT_AMOUNT_SHA256,
                new ControlledFrame.Format() {
                    @Override
                    public void header(ControlledFrame.Line line) throws DayFileFormatException {
                        header[0] = parseHeader(line);
                        if (header[0].kind() != format.kind()) {
                            throw line.error("kind", "a " + header[0].kind() + " file, expected " + format.kind());
                        }
                    }

                    @Override
                    public long body(ControlledFrame.Line line) throws DayFileFormatException {
                        String text = line.text();
                        int[] ends = FieldCursor.ends(text);
                        if (ends[0] != 1 || text.charAt(0) != 'D') {
                            throw line.error(null, "line starts with '" + text.substring(0, ends[0])
                                    + "', expected D (record) or T (trailer)");
                        }
                        if (ends.length != expectedFields) {
                            throw line.error(null, "a " + format.kind() + " record has " + (expectedFields - 1)
                                    + " fields, this line has " + (ends.length - 1));
                        }
                        R record;
                        try {
                            record = format.decode(new FieldCursor(line.file(), line.number(), format.fieldNames(),
                                    text, ends, 1));
                        } catch (IllegalArgumentException e) {
                            throw line.error(null, e.getMessage());
                        }
                        consumer.accept(record);
                        return format.amount(record);
                    }
                });
        return new DayFileSummary(header[0], new DayFileTrailer(totals.count(), totals.amountTotal(),
                totals.sha256()));
    }

    private static DayFileHeader parseHeader(ControlledFrame.Line line) throws DayFileFormatException {
        String[] f = line.fields();
        List<String> names = List.of("tag", "kind", "version", "sender_id", "sender_city", "business_date",
                "sequence");
        if (f.length != names.size() || !f[0].equals("H")) {
            throw line.error(null,
                    "the first line must be a header H|kind|version|sender_id|sender_city|business_date|sequence");
        }
        FieldCursor c = FieldCursor.of(line.file(), 1, names, f);
        c.text();
        DayFileKind kind = c.parsed(v -> {
            try {
                return DayFileKind.valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + v + "' is not one of " + DayFileKind.businessLines());
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
}
