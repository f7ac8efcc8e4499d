package cn.yrd.onecard;

import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;

/** Tests state commands, responses and keys as hex constants; this turns them into bytes and back. */
public final class TestHex {
    private TestHex() {
    }

    public static byte[] hex(String s) {
        try {
            return Hex.decodeHex(s);
        } catch (DecoderException e) {
            throw new IllegalArgumentException("bad hex constant in a test: " + s, e);
        }
    }

    public static String hexOf(byte[] b) {
        return Hex.encodeHexString(b, false);
    }
}
