package cn.yrd.onecard.apdu;

import java.util.Arrays;
import org.apache.commons.codec.binary.Hex;

/** A response APDU: data followed by the two status bytes. */
public final class ResponseApdu {
    private final byte[] data;
    private final int sw;

    public ResponseApdu(byte[] data, int sw) {
        if (sw < 0 || sw > 0xFFFF) {
            throw new IllegalArgumentException("status word must be two bytes, got " + sw);
        }
        this.data = data.clone();
        this.sw = sw;
    }

    public static ResponseApdu of(StatusWord sw) {
        return new ResponseApdu(new byte[0], sw.code());
    }

    public static ResponseApdu ok(byte[] data) {
        return new ResponseApdu(data, StatusWord.OK.code());
    }

    public static ResponseApdu parse(byte[] raw) {
        if (raw.length < 2) {
            throw new IllegalArgumentException("response of " + raw.length + " bytes has no status word");
        }
        int sw = ((raw[raw.length - 2] & 0xFF) << 8) | (raw[raw.length - 1] & 0xFF);
        return new ResponseApdu(Arrays.copyOf(raw, raw.length - 2), sw);
    }

    public byte[] toBytes() {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >>> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }

    public byte[] data() {
        return data.clone();
    }

    public int sw() {
        return sw;
    }

    public int sw1() {
        return sw >>> 8;
    }

    public int sw2() {
        return sw & 0xFF;
    }

    public boolean isOk() {
        return sw == StatusWord.OK.code();
    }

    public boolean is(StatusWord expected) {
        return sw == expected.code();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu r && r.sw == sw && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + sw;
    }

    /** Length and status only: responses may hold personal data. */
    @Override
    public String toString() {
        return "ResponseApdu[" + data.length + " bytes, " + StatusWord.describe(sw) + "]";
    }

    public String toHex() {
        return Hex.encodeHexString(toBytes(), false);
    }
}
