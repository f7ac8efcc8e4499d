package cn.yrd.onecard.dayfile;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the fields of one line in order, naming the field in every error. Numbers, dates and hex bytes are read where
 * they stand in the line: only the fields read as text become strings of their own (splitting every field out was an
 * eighth of a load partition's CPU on a clearing worker, JFR).
 */
final class FieldCursor {
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(
            ResolverStyle.STRICT);
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(
            ResolverStyle.STRICT);

    private final String file;
    private final long line;
    private final List<String> names;
    private final String text;
    /** Where each field of {@link #text} ends: at its {@code |}, the last at the text's end. */
    private final int[] ends;
    /** The field of {@link #text} that is the cursor's first. */
    private final int first;
    private int index = -1;
    /** The field last read: {@code text[from, to)}. */
    private int from;
    private int to;

    /** The fields of {@code text} (split at {@link #ends}) from field {@code first} on, named {@code names}. */
    FieldCursor(String file, long line, List<String> names, String text, int[] ends, int first) {
        this.file = file;
        this.line = line;
        this.names = names;
        this.text = text;
        this.ends = ends;
        this.first = first;
    }

    /** A cursor over fields already apart. */
    static FieldCursor of(String file, long line, List<String> names, String[] values) {
        String text = String.join("|", values);
        return new FieldCursor(file, line, names, text, ends(text), 0);
    }

    /** Where each field of {@code text} ends: at each {@code |}, the last at the text's end; empty fields included. */
    static int[] ends(String text) {
        // One pass (counting the bars first was a second search of every line of every day file, read twice a night).
        int[] ends = new int[32];
        int n = 0;
        for (int i = text.indexOf('|'); i >= 0; i = text.indexOf('|', i + 1)) {
            if (n == ends.length - 1) {
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            ends[n++] = i;
        }
        ends[n++] = text.length();
        return Arrays.copyOf(ends, n);
    }

    private void next() {
        index++;
        int k = first + index;
        from = k == 0 ? 0 : ends[k - 1] + 1;
        to = ends[k];
    }

    /** The field last read, as a string. */
    private String value() {
        return text.substring(from, to);
    }

    DayFileFormatException error(String problem) {
        return new DayFileFormatException(file, line, index >= 0 ? names.get(index) : null, problem);
    }

    String text() {
        next();
        return value();
    }

    /** A whole number 0..max, written without sign or leading zeros. */
    long number(long max) throws DayFileFormatException {
        next();
        int length = to - from;
        if (length == 0 || length > 19 || !digits(from, to) || (length > 1 && text.charAt(from) == '0')) {
            throw error("'" + value() + "' is not a whole number (digits only, no sign, no leading zeros)");
        }
        long n;
        try {
            n = Long.parseLong(text, from, to, 10);
        } catch (NumberFormatException pastLongMax) {
            throw error("'" + value() + "' is not a whole number (digits only, no sign, no leading zeros)");
        }
        if (n > max) {
            throw error(n + " is larger than " + max);
        }
        return n;
    }

    int hexByte() throws DayFileFormatException {
        next();
        if (to - from != 2 || !isUpperHex(text, from, to)) {
            throw error("'" + value() + "' is not two upper-case hex digits");
        }
        return Character.digit(text.charAt(from), 16) << 4 | Character.digit(text.charAt(from + 1), 16);
    }

    // Dates are read digit by digit: a formatter's strict parse cost more than the rest of a record together.
    LocalDate date() throws DayFileFormatException {
        next();
        try {
            if (to - from == 8 && digits(from, to)) {
                return LocalDate.of(at(0, 4), at(4, 6), at(6, 8));
            }
        } catch (DateTimeException notACalendarDate) {
            // the same answer as any other malformed date
        }
        throw error("'" + value() + "' is not a date YYYYMMDD");
    }

    LocalDateTime dateTime() throws DayFileFormatException {
        next();
        try {
            if (to - from == 14 && digits(from, to)) {
                return LocalDateTime.of(at(0, 4), at(4, 6), at(6, 8), at(8, 10), at(10, 12), at(12, 14));
            }
        } catch (DateTimeException notACalendarTime) {
            // the same answer as any other malformed time
        }
        throw error("'" + value() + "' is not a date and time YYYYMMDDhhmmss");
    }

    private boolean digits(int begin, int end) {
        for (int i = begin; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The number the digits {@code begin..end} of the field last read spell (checked to be digits). */
    private int at(int begin, int end) {
        int n = 0;
        for (int i = from + begin; i < from + end; i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }

    City city() throws DayFileFormatException {
        String v = text();
        return Cities.find(v).orElseThrow(() -> error("'" + v + "' is not one of the 16 city codes"));
    }

    CardSerial cardSerial() throws DayFileFormatException {
        return parsed(CardSerial::of);
    }

    /** The next field through {@code parser}, whose IllegalArgumentException becomes this field's error. */
    <T> T parsed(Function<String, T> parser) throws DayFileFormatException {
        String v = text();
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    <T> T parsedHexByte(Function<Integer, T> parser) throws DayFileFormatException {
        int code = hexByte();
        try {
            return parser.apply(code);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    static boolean isUpperHex(String v) {
        return isUpperHex(v, 0, v.length());
    }

    private static boolean isUpperHex(String v, int begin, int end) {
        for (int i = begin; i < end; i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
