package cn.yrd.onecard.dayfile;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.function.Function;

/** Reads the fields of one line in order, naming the field in every error. */
final class FieldCursor {
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(
            ResolverStyle.STRICT);
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(
            ResolverStyle.STRICT);

    private final String file;
    private final long line;
    private final List<String> names;
    private final String[] values;
    private int index = -1;

    FieldCursor(String file, long line, List<String> names, String[] values) {
        this.file = file;
        this.line = line;
        this.names = names;
        this.values = values;
    }

    private String next() {
        index++;
        return values[index];
    }

    DayFileFormatException error(String problem) {
        return new DayFileFormatException(file, line, index >= 0 ? names.get(index) : null, problem);
    }

    String text() {
        return next();
    }

    /** A whole number 0..max, written without sign or leading zeros. */
    long number(long max) throws DayFileFormatException {
        String v = next();
        if (v.isEmpty() || v.length() > 19 || !digits(v, 0, v.length()) || (v.length() > 1 && v.charAt(0) == '0')) {
            throw error("'" + v + "' is not a whole number (digits only, no sign, no leading zeros)");
        }
        long n = Long.parseLong(v);
        if (n > max) {
            throw error(n + " is larger than " + max);
        }
        return n;
    }

    int hexByte() throws DayFileFormatException {
        String v = next();
        if (v.length() != 2 || !isUpperHex(v)) {
            throw error("'" + v + "' is not two upper-case hex digits");
        }
        return Integer.parseInt(v, 16);
    }

    // Dates are read digit by digit: a formatter's strict parse cost more than the rest of a record together.
    LocalDate date() throws DayFileFormatException {
        String v = next();
        try {
            if (v.length() == 8 && digits(v, 0, 8)) {
                return LocalDate.of(at(v, 0, 4), at(v, 4, 6), at(v, 6, 8));
            }
        } catch (DateTimeException notACalendarDate) {
            // the same answer as any other malformed date
        }
        throw error("'" + v + "' is not a date YYYYMMDD");
    }

    LocalDateTime dateTime() throws DayFileFormatException {
        String v = next();
        try {
            if (v.length() == 14 && digits(v, 0, 14)) {
                return LocalDateTime.of(at(v, 0, 4), at(v, 4, 6), at(v, 6, 8), at(v, 8, 10), at(v, 10, 12),
                        at(v, 12, 14));
            }
        } catch (DateTimeException notACalendarTime) {
            // the same answer as any other malformed time
        }
        throw error("'" + v + "' is not a date and time YYYYMMDDhhmmss");
    }

    private static boolean digits(String v, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The number the digits {@code from..to} of {@code v} spell (checked to be digits). */
    private static int at(String v, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (v.charAt(i) - '0');
        }
        return n;
    }

    City city() throws DayFileFormatException {
        String v = next();
        return Cities.find(v).orElseThrow(() -> error("'" + v + "' is not one of the 16 city codes"));
    }

    CardSerial cardSerial() throws DayFileFormatException {
        return parsed(CardSerial::of);
    }

    /** The next field through {@code parser}, whose IllegalArgumentException becomes this field's error. */
    <T> T parsed(Function<String, T> parser) throws DayFileFormatException {
        String v = next();
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
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
