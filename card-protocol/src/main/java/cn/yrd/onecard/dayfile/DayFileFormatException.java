package cn.yrd.onecard.dayfile;

/**
 * A day file that is not well formed. The message is one line naming the file, the line and the field, e.g.
 * {@code acq-3205.txt: line 17, field amount: '12a' is not a whole number of fen}. A file that raises this
 * must be rejected whole.
 */
public final class DayFileFormatException extends Exception {
    private final String file;
    private final long line;
    private final String field;

    public DayFileFormatException(String file, long line, String field, String problem) {
        super(file + ": line " + line + (field == null ? "" : ", field " + field) + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() {
        return file;
    }

    /** The 1-based line the problem is on. */
    public long line() {
        return line;
    }

    /** The field's name, or null when the problem is with the line as a whole. */
    public String field() {
        return field;
    }
}
