package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;

/** The field rules the purse's commands share. */
final class CommandFields {
    private CommandFields() {
    }

    /**
     * An amount or counter as the card's 4-byte unsigned field: a value outside 0..FFFFFFFF is refused here, never
     * cut to its low bytes (a cast made 4,294,967,396 fen a 1-yuan top-up).
     */
    static int fourBytes(String what, long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " " + value + " does not fit the card's 4-byte field");
        }
        return (int) value;
    }

    static long unsigned(ByteBuffer b) {
        return b.getInt() & 0xFFFFFFFFL;
    }

    static byte[] take(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    static byte[] fixed(String what, byte[] value, int length) {
        if (value.length != length) {
            throw new IllegalArgumentException(what + " is " + length + " bytes, not " + value.length);
        }
        return value.clone();
    }

    /** The card reading date(4) time(3): a date that is none answers {@code 6A80}. */
    static LocalDateTime dateTime(String command, byte[] bcd) throws MalformedApduException {
        try {
            return Bcd.toDateTime(bcd, 0);
        } catch (IllegalArgumentException e) {
            throw new MalformedApduException(StatusWord.WRONG_DATA, command + ": " + e.getMessage());
        }
    }

    static void answer(String command, byte[] data, int expected) {
        if (data.length != expected) {
            throw new IllegalArgumentException(command + " answered " + data.length + " bytes, " + expected
                    + " expected");
        }
    }
}
