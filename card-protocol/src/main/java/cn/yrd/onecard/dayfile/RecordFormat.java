package cn.yrd.onecard.dayfile;

import java.util.List;

/**
 * How one kind of record is written on a {@code D|…} line of a day file. The instances are in
 * {@link RecordFormats}; the field lists are the ones docs/formats.md documents.
 */
public abstract class RecordFormat<R> {
    private final DayFileKind kind;
    private final List<String> fieldNames;

    RecordFormat(DayFileKind kind, List<String> fieldNames) {
        this.kind = kind;
        this.fieldNames = List.copyOf(fieldNames);
    }

    public DayFileKind kind() {
        return kind;
    }

    /** The names of the record's fields, in line order (after the leading {@code D}). */
    public List<String> fieldNames() {
        return fieldNames;
    }

    /** The amount this record adds to the trailer's total, in fen. */
    public abstract long amount(R record);

    abstract List<String> encode(R record);

    /** The record's fields as on a {@code D|} line, without the {@code D|}: for journals that keep records as text. */
    public String format(R record) {
        return String.join("|", encode(record));
    }

    /** A record from {@link #format}'s text; {@code source} and {@code line} name it in errors. */
    public R parse(String fields, String source, long line) throws DayFileFormatException {
        int[] ends = FieldCursor.ends(fields);
        if (ends.length != fieldNames.size()) {
            throw new DayFileFormatException(source, line, null, "a " + kind + " record has " + fieldNames.size()
                    + " fields, this one has " + ends.length);
        }
        try {
            return decode(new FieldCursor(source, line, fieldNames, fields, ends, 0));
        } catch (IllegalArgumentException e) {
            throw new DayFileFormatException(source, line, null, e.getMessage());
        }
    }

    /**
     * Reads one record. Field syntax errors come from the cursor; a record constructor's
     * IllegalArgumentException (a rule across fields) is reported for the line by the reader.
     */
    abstract R decode(FieldCursor fields) throws DayFileFormatException;
}
