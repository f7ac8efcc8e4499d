package cn.yrd.onecard.settlement.reconciliation;

import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.LineReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file sent to the centre by a bank or a city: a header, body lines of one tag, and a trailer with their count
 * and amount total. Every line is checked and every problem kept, so one reading reports them all.
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
     * fields with the amount in field {@code amountField}.
     */
    static ControlledFile read(Path file, String header, String tag, int fields, int amountField) throws IOException {
        ControlledFile f = new ControlledFile(String.valueOf(file.getFileName()));
        long count = 0;
        long sum = 0;
        String trailer = null;
        try (LineReader in = new LineReader(file)) {
            byte[] raw;
            while ((raw = in.next()) != null) {
                String text = in.decode(raw);
                long n = in.number();
                if (n == 1) {
                    if (!text.equals(header)) {
                        f.problem(n, "header '" + text + "' is not '" + header + "'");
                    }
                } else if (trailer != null) {
                    f.problem(n, "line after the trailer");
                } else if (text.startsWith("T|")) {
                    trailer = text;
                    String expected = "T|" + count + "|" + sum;
                    if (!text.equals(expected)) {
                        f.problem(n, "trailer '" + text + "' does not match the lines above it ('" + expected + "')");
                    }
                } else {
                    String[] v = text.split("\\|", -1);
                    if (!v[0].equals(tag) || v.length != fields) {
                        f.problem(n, "not a " + tag + " line of " + fields + " fields: '" + text + "'");
                        continue;
                    }
                    long amount = f.amount(n, v[amountField]);
                    if (amount >= 0) {
                        count++;
                        try {
                            sum = Math.addExact(sum, amount);
                        } catch (ArithmeticException e) {
                            // A wrapped sum could match a forged trailer: the file's total is refused instead.
                            f.problem(n, "the amounts add up past what a 64-bit fen total holds");
                        }
                        f.lines.add(new Line(n, v));
                    }
                }
            }
            if (in.number() == 0) {
                f.problem(1, "file is empty");
            } else if (trailer == null) {
                f.problem(in.number() + 1, "no trailer (file truncated?)");
            }
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
