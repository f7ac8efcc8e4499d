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

    /**
     * Reads one record. Field syntax errors come from the cursor; a record constructor's
     * IllegalArgumentException (a rule across fields) is reported for the line by the reader.
     */
    abstract R decode(FieldCursor fields) throws DayFileFormatException;
}
