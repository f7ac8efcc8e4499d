package cn.yrd.onecard.dayfile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a day file record by record. Nothing appears under the file's name until {@link #close()} has
 * written the trailer and synced the bytes to disk; a writer that fails or is abandoned leaves no file
 * behind. The same header and records always give the same bytes.
 */
public final class DayFileWriter<R> implements Closeable {
    static final String FORMAT_VERSION = "1";

    private final Path target;
    private final RecordFormat<R> format;
    private final ControlledFrame.Writer out;
    private DayFileTrailer trailer;

    private DayFileWriter(Path target, RecordFormat<R> format, DayFileHeader header) throws IOException {
        if (header.kind() != format.kind()) {
            throw new IllegalArgumentException("a " + header.kind() + " header cannot head " + format.kind()
                    + " records");
        }
        this.target = target;
        this.format = format;
        this.out = new ControlledFrame.Writer(target, ControlledFrame.Trailer.COUNT_AMOUNT_SHA256, line(List.of("H",
                header.kind().name(), FORMAT_VERSION, header.senderId(), header.senderCity().code(),
                header.businessDate().format(FieldCursor.DATE), Integer.toString(header.sequence()))));
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
        List<String> fields = new ArrayList<>(format.fieldNames().size() + 1);
        fields.add("D");
        fields.addAll(format.encode(record));
        out.line(line(fields), format.amount(record));
    }

    /** Writes the trailer, syncs, and moves the file under its name. */
    @Override
    public void close() throws IOException {
        if (trailer != null) {
            return;
        }
        out.close();
        ControlledFrame.Totals t = out.totals();
        trailer = new DayFileTrailer(t.count(), t.amountTotal(), t.sha256());
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
        out.abandon();
    }

    private String line(List<String> fields) {
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
        return line.toString();
    }
}
