package cn.yrd.onecard.settlement.reconciliation;

import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file sent to the centre by a bank or a city: a header, body lines of one tag, and a trailer {@code T|count|amount}
 * ({@link ControlledFrame}). Every line is checked and every problem kept, so one reading reports them all.
 */
final class ControlledFile {
    /** A body line: its number and its '|'-separated fields. */
    record Line(long number, String[] fields) {
    }

    final String name;
    final List<Line> lines = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    private record Problem(long line, String text) {
    }

    private ControlledFile(String name) {
        this.name = name;
    }

    /**
     * Reads {@code file}, whose header must be {@code header} and body lines {@code tag} lines of {@code fields}
     * fields with the amount in field {@code amountField}. A line that is not one is noted and read on past; a
     * problem of the frame itself (no trailer, a trailer that does not match) ends the reading.
     */
    static ControlledFile read(Path file, String header, String tag, int fields, int amountField) throws IOException {
        ControlledFile f = new ControlledFile(String.valueOf(file.getFileName()));
        try {
            ControlledFrame.read(file, ControlledFrame.Trailer.COUNT_AMOUNT, new ControlledFrame.Format() {
                @Override
                public void header(ControlledFrame.Line line) {
                    if (!line.text().equals(header)) {
                        f.problem(line.number(), "header '" + line.text() + "' is not '" + header + "'");
                    }
                }

                @Override
                public long body(ControlledFrame.Line line) {
                    String[] v = line.fields();
                    if (!v[0].equals(tag) || v.length != fields) {
                        f.problem(line.number(), "not a " + tag + " line of " + fields + " fields: '" + line.text()
                                + "'");
                        return 0;
                    }
                    long amount = f.amount(line.number(), v[amountField]);
                    if (amount < 0) {
                        return 0;
                    }
                    f.lines.add(new Line(line.number(), v));
                    return amount;
                }
            });
        } catch (DayFileFormatException e) {
            f.problems.add(new Problem(e.line(), e.getMessage()));
        }
        return f;
    }

    /** A whole number of fen, or -1 after noting the problem. */
    long amount(long line, String text) {
        if (text.matches("0|[1-9][0-9]{0,17}")) {
            return Long.parseLong(text);
        }
        problem(line, "amount '" + text + "' is not a whole number of fen");
        return -1;
    }

    void problem(long line, String problem) {
        problems.add(new Problem(line, name + ": line " + line + ": " + problem));
    }

    /** Every problem found, in line order. */
    List<String> problems() {
        return problems.stream().sorted(java.util.Comparator.comparingLong(Problem::line)).map(Problem::text).toList();
    }
}
