package cn.yrd.onecard.apdu;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** Packed BCD, two decimal digits a byte, and the BCD dates and times cards carry. */
public final class Bcd {
    private Bcd() {
    }

    /** {@code digits} packed into {@code length} bytes, left-padded with zeros. */
    public static byte[] encode(String digits, int length) {
        if (digits.length() > 2 * length) {
            throw new IllegalArgumentException(
                    "'" + digits + "' has " + digits.length() + " digits, more than " + length + " BCD bytes hold");
        }
        byte[] out = new byte[length];
        int pad = 2 * length - digits.length();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("'" + digits + "' is not all decimal digits");
            }
            int nibble = pad + i;
            out[nibble / 2] |= (byte) ((c - '0') << (nibble % 2 == 0 ? 4 : 0));
        }
        return out;
    }

    /** The digits of {@code length} BCD bytes at {@code offset}; a nibble above 9 is an error. */
    public static String decode(byte[] bytes, int offset, int length) {
        char[] out = new char[2 * length];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xFF;
            int hi = b >>> 4;
            int lo = b & 0x0F;
            if (hi > 9 || lo > 9) {
                throw new IllegalArgumentException(String.format("byte %02X at offset %d is not BCD", b, offset + i));
            }
            out[2 * i] = (char) ('0' + hi);
            out[2 * i + 1] = (char) ('0' + lo);
        }
        return new String(out);
    }

    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** {@code YYYYMMDD} in 4 bytes. */
    public static byte[] date(LocalDate date) {
        byte[] out = new byte[4];
        putDate(date, out, 0);
        return out;
    }

    /** {@code hhmmss} in 3 bytes. */
    public static byte[] time(LocalTime time) {
        byte[] out = new byte[3];
        putTime(time, out, 0);
        return out;
    }

    /** {@code YYYYMMDDhhmmss} in 7 bytes. */
    public static byte[] dateTime(LocalDateTime t) {
        byte[] out = new byte[7];
        putDate(t.toLocalDate(), out, 0);
        putTime(t.toLocalTime(), out, 4);
        return out;
    }

    /** Writes {@code YYYYMMDD} at {@code offset}; allocation-free, for MAC and TAC inputs. */
    public static void putDate(LocalDate d, byte[] out, int offset) {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year " + year + " does not fit four BCD digits");
        }
        out[offset] = pair(year / 100);
        out[offset + 1] = pair(year % 100);
        out[offset + 2] = pair(d.getMonthValue());
        out[offset + 3] = pair(d.getDayOfMonth());
    }

    /** Writes {@code hhmmss} at {@code offset}. */
    public static void putTime(LocalTime t, byte[] out, int offset) {
        out[offset] = pair(t.getHour());
        out[offset + 1] = pair(t.getMinute());
        out[offset + 2] = pair(t.getSecond());
    }

    private static byte pair(int twoDigits) {
        return (byte) (((twoDigits / 10) << 4) | (twoDigits % 10));
    }

    public static LocalDate toDate(byte[] bytes, int offset) {
        String d = decode(bytes, offset, 4);
        try {
            return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("BCD date " + d + " is not a calendar date");
        }
    }

    public static LocalTime toTime(byte[] bytes, int offset) {
        String t = decode(bytes, offset, 3);
        try {
            return LocalTime.of(Integer.parseInt(t.substring(0, 2)), Integer.parseInt(t.substring(2, 4)),
                    Integer.parseInt(t.substring(4, 6)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("BCD time " + t + " is not a time of day");
        }
    }

    public static LocalDateTime toDateTime(byte[] bytes, int offset) {
        return LocalDateTime.of(toDate(bytes, offset), toTime(bytes, offset + 4));
    }
}
