package cn.yrd.onecard.crypto;

import cn.yrd.onecard.apdu.Bcd;
import java.time.LocalDateTime;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;

/**
 * Builds MAC and TAC inputs, big-endian, into one reused buffer: a TAC verification allocates almost
 * nothing. Not thread-safe, like the {@link Profile} it feeds.
 */
final class Messages {
    final byte[] buf = new byte[48];
    int length;

    Messages reset() {
        length = 0;
        return this;
    }

    Messages u8(int v) {
        buf[length++] = (byte) v;
        return this;
    }

    Messages u16(int v) {
        buf[length++] = (byte) (v >>> 8);
        buf[length++] = (byte) v;
        return this;
    }

    Messages u32(long v) {
        buf[length++] = (byte) (v >>> 24);
        buf[length++] = (byte) (v >>> 16);
        buf[length++] = (byte) (v >>> 8);
        buf[length++] = (byte) v;
        return this;
    }

    Messages bytes(byte[] b) {
        System.arraycopy(b, 0, buf, length, b.length);
        length += b.length;
        return this;
    }

    Messages terminal(String terminalNo) {
        return bytes(terminalBytes(terminalNo));
    }

    Messages dateTime(LocalDateTime t) {
        Bcd.putDate(t.toLocalDate(), buf, length);
        Bcd.putTime(t.toLocalTime(), buf, length + 4);
        length += 7;
        return this;
    }

    static byte[] terminalBytes(String terminalNo) {
        try {
            byte[] b = Hex.decodeHex(terminalNo);
            if (b.length == 6) {
                return b;
            }
        } catch (DecoderException | NullPointerException e) {
            // reported below
        }
        throw new IllegalArgumentException("terminal number must be 12 hex digits, got '" + terminalNo + "'");
    }

    static void checkUnsigned(String what, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0.." + max);
        }
    }
}
