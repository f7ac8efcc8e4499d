package cn.yrd.onecard.iso;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;

/** GET CHALLENGE, {@code 00 84 00 00 04}: 4 random bytes for the MAC of the next secured command. */
public final class GetChallenge {
    public static final int INS = 0x84;
    public static final int LENGTH = 4;

    private GetChallenge() {
    }

    public static byte[] build() {
        return new CommandApdu(0x00, INS, 0, 0, LENGTH).toBytes();
    }

    /** The card reading the command: a wrong Le is answered {@code 6C04}, the exact length. */
    public static void read(CommandApdu c) throws MalformedApduException {
        c.requireCla("GET CHALLENGE", 0x00);
        if (c.p1() != 0 || c.p2() != 0) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "GET CHALLENGE takes P1 P2 00 00");
        }
        if (c.ne() != LENGTH && c.ne() != 256) {
            throw new MalformedApduException(StatusWord.wrongLe(LENGTH), "GET CHALLENGE answers 4 bytes");
        }
    }

    /** The terminal reading the answer. */
    public static byte[] challenge(byte[] data) {
        if (data.length != LENGTH) {
            throw new IllegalArgumentException("GET CHALLENGE answered " + data.length + " bytes, 4 expected");
        }
        return data.clone();
    }
}
