package cn.yrd.onecard.apdu;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A BER-TLV data object (ISO 7816-4 / EMV): tags of one to three bytes, definite lengths in short or
 * long form. A constructed object's value is itself a sequence of TLVs ({@link #children()}).
 */
public record Tlv(int tag, byte[] value) {

    public Tlv {
        if (tag <= 0 || tag > 0xFFFFFF) {
            throw new IllegalArgumentException("tag must be 1 to 3 bytes, got " + Integer.toHexString(tag));
        }
        value = value.clone();
    }

    public static Tlv of(int tag, byte[] value) {
        return new Tlv(tag, value);
    }

    /** A constructed object holding {@code children} in order. */
    public static Tlv constructed(int tag, Tlv... children) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv child : children) {
            out.writeBytes(child.encode());
        }
        return new Tlv(tag, out.toByteArray());
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public boolean isConstructed() {
        return (firstTagByte() & 0x20) != 0;
    }

    public List<Tlv> children() {
        if (!isConstructed()) {
            throw new IllegalStateException(String.format("tag %X is primitive", tag));
        }
        return parseAll(value);
    }

    /** The first object with {@code tag} among this object's descendants, depth first. */
    public Optional<Tlv> find(int wanted) {
        if (!isConstructed()) {
            return Optional.empty();
        }
        for (Tlv child : children()) {
            if (child.tag == wanted) {
                return Optional.of(child);
            }
            Optional<Tlv> deeper = child.find(wanted);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 8);
        if (tag > 0xFFFF) {
            out.write(tag >>> 16);
        }
        if (tag > 0xFF) {
            out.write(tag >>> 8);
        }
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n <= 0xFF) {
            out.write(0x81);
            out.write(n);
        } else if (n <= 0xFFFF) {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** Every object in {@code bytes}, which must hold whole objects and nothing else. */
    public static List<Tlv> parseAll(byte[] bytes) {
        List<Tlv> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < bytes.length) {
            out.add(parseAt(bytes, pos));
        }
        return out;
    }

    /** Exactly one object: trailing bytes are an error. */
    public static Tlv parse(byte[] bytes) {
        int[] pos = {0};
        Tlv tlv = parseAt(bytes, pos);
        if (pos[0] != bytes.length) {
            throw new IllegalArgumentException((bytes.length - pos[0]) + " bytes follow the TLV object");
        }
        return tlv;
    }

    private static Tlv parseAt(byte[] b, int[] pos) {
        int p = pos[0];
        int start = p;
        need(b, p, 1, "tag");
        int tag = b[p++] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            do {
                need(b, p, 1, "tag");
                tag = (tag << 8) | (b[p++] & 0xFF);
                if (tag > 0xFFFFFF) {
                    throw new IllegalArgumentException("tag at offset " + start + " is longer than 3 bytes");
                }
            } while ((tag & 0x80) != 0);
        }
        need(b, p, 1, "length");
        int len = b[p++] & 0xFF;
        if (len == 0x80 || len > 0x83) {
            throw new IllegalArgumentException(
                    String.format("length byte %02X at offset %d is not a definite length", len, p - 1));
        }
        if (len > 0x80) {
            int count = len - 0x80;
            need(b, p, count, "length");
            len = 0;
            for (int i = 0; i < count; i++) {
                len = (len << 8) | (b[p++] & 0xFF);
            }
        }
        if (p + len > b.length) {
            // The message only when it is wanted: this runs for every element of every FCI a gate reads.
            throw truncated(b, p, len, String.format("value of tag %X", tag));
        }
        pos[0] = p + len;
        return new Tlv(tag, Arrays.copyOfRange(b, p, p + len));
    }

    private static void need(byte[] b, int p, int n, String what) {
        if (p + n > b.length) {
            throw truncated(b, p, n, what);
        }
    }

    private static IllegalArgumentException truncated(byte[] b, int p, int n, String what) {
        return new IllegalArgumentException(
                "TLV truncated: " + what + " at offset " + p + " needs " + n + " bytes, " + (b.length - p) + " left");
    }

    private int firstTagByte() {
        return tag > 0xFFFF ? tag >>> 16 : tag > 0xFF ? tag >>> 8 : tag;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && t.tag == tag && Arrays.equals(t.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("Tlv[%X, %d bytes]", tag, value.length);
    }
}
