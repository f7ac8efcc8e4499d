package cn.yrd.onecard.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;

/**
 * Reads and writes the fields of one fixed-size card file, naming the file and the field in every error,
 * so each record class states its layout once, field by field, in both directions.
 */
final class Layout {
    private final String file;
    private final ByteBuffer buf;

    private Layout(String file, ByteBuffer buf) {
        this.file = file;
        this.buf = buf;
    }

    static Layout reading(String file, byte[] bytes, int expectedLength) {
        if (bytes.length != expectedLength) {
            throw new CardFileException(file, "expected " + expectedLength + " bytes, got " + bytes.length);
        }
        return new Layout(file, ByteBuffer.wrap(bytes.clone()));
    }

    static Layout writing(String file, int length) {
        return new Layout(file, ByteBuffer.allocate(length));
    }

    byte[] bytes() {
        if (buf.hasRemaining()) {
            throw new IllegalStateException(file + ": layout leaves " + buf.remaining() + " bytes unwritten");
        }
        return buf.array().clone();
    }

    CardFileException error(String field, String problem) {
        return new CardFileException(file, field + " " + problem);
    }

    // --- reading -------------------------------------------------------------------------------------

    int u8() {
        return buf.get() & 0xFF;
    }

    int u16() {
        return buf.getShort() & 0xFFFF;
    }

    int u24() {
        return (u8() << 16) | u16();
    }

    long u32() {
        return buf.getInt() & 0xFFFFFFFFL;
    }

    byte[] raw(int length) {
        byte[] out = new byte[length];
        buf.get(out);
        return out;
    }

    void skip(int length) {
        buf.position(buf.position() + length);
    }

    String bcd(String field, int length) {
        int at = buf.position();
        try {
            return Bcd.decode(raw(length));
        } catch (IllegalArgumentException e) {
            throw error(field, "at offset " + at + " is not BCD");
        }
    }

    LocalDate date(String field) {
        int at = buf.position();
        byte[] b = raw(4);
        try {
            return Bcd.toDate(b, 0);
        } catch (IllegalArgumentException e) {
            throw error(field, "at offset " + at + ": " + e.getMessage());
        }
    }

    LocalDateTime dateTime(String field) {
        int at = buf.position();
        byte[] b = raw(7);
        try {
            return Bcd.toDateTime(b, 0);
        } catch (IllegalArgumentException e) {
            throw error(field, "at offset " + at + ": " + e.getMessage());
        }
    }

    /** A date-time field that may be all zeros, meaning "none". */
    LocalDateTime optionalDateTime(String field) {
        byte[] b = raw(7);
        if (isZero(b)) {
            return null;
        }
        buf.position(buf.position() - 7);
        return dateTime(field);
    }

    City city(String field) {
        int at = buf.position();
        try {
            return Cities.fromBcd(raw(2), 0);
        } catch (IllegalArgumentException e) {
            throw error(field, "at offset " + at + ": " + e.getMessage());
        }
    }

    /** A one-byte code of {@code type}; {@code what} names the code in the error. */
    <E extends Enum<E> & ByteCoded> E coded(Class<E> type, String field, String what) {
        int code = u8();
        try {
            return ByteCoded.of(type, code, what);
        } catch (IllegalArgumentException e) {
            throw error(field, e.getMessage());
        }
    }

    CardType cardType(String field) {
        return coded(CardType.class, field, "card type");
    }

    /** {@code length} bytes as upper-case hex, for terminal numbers, device and operator IDs. */
    String hex(int length) {
        return Hex.encodeHexString(raw(length), false);
    }

    String text(int length, Charset charset) {
        return new String(raw(length), charset).stripTrailing();
    }

    // --- writing -------------------------------------------------------------------------------------

    Layout u8(int v) {
        buf.put((byte) v);
        return this;
    }

    Layout u16(int v) {
        buf.putShort((short) v);
        return this;
    }

    Layout u24(int v) {
        u8(v >>> 16);
        return u16(v & 0xFFFF);
    }

    Layout u32(long v) {
        buf.putInt((int) v);
        return this;
    }

    Layout raw(byte[] b, int length, String field) {
        if (b.length != length) {
            throw error(field, "must be " + length + " bytes, got " + b.length);
        }
        buf.put(b);
        return this;
    }

    Layout hex(String hex, int length, String field) {
        byte[] b;
        try {
            b = Hex.decodeHex(hex);
        } catch (DecoderException e) {
            throw error(field, "'" + hex + "' is not hex");
        }
        return raw(b, length, field);
    }

    Layout zeros(int length) {
        buf.put(new byte[length]);
        return this;
    }

    Layout bcd(String digits, int length, String field) {
        if (digits.length() != 2 * length) {
            throw error(field, "must be " + 2 * length + " digits, got '" + digits + "'");
        }
        try {
            buf.put(Bcd.encode(digits, length));
        } catch (IllegalArgumentException e) {
            throw error(field, e.getMessage());
        }
        return this;
    }

    Layout date(LocalDate d) {
        buf.put(Bcd.date(d));
        return this;
    }

    Layout dateTime(LocalDateTime t) {
        buf.put(t == null ? new byte[7] : Bcd.dateTime(t));
        return this;
    }

    Layout city(City c) {
        buf.put(c.bcd());
        return this;
    }

    /** Text in {@code charset}, padded with spaces to {@code length}. */
    Layout text(String s, int length, Charset charset, String field) {
        byte[] b = s.getBytes(charset);
        if (b.length > length) {
            throw error(field, "takes " + b.length + " bytes, more than its " + length);
        }
        byte[] padded = Arrays.copyOf(b, length);
        Arrays.fill(padded, b.length, length, (byte) ' ');
        buf.put(padded);
        return this;
    }

    static void checkRange(String file, String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new CardFileException(file, field + " " + value + " is outside 0.." + max);
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
