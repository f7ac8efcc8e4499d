package cn.yrd.onecard.iso;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.Pin;

/**
 * VERIFY PIN, {@code 00 20 00 00 <n> <PIN, BCD>}: answered {@code 9000}, {@code 63Cx} (wrong, x tries left) or
 * {@code 6983} (blocked).
 */
public record VerifyPin(byte[] bcd) {
    public static final int INS = 0x20;

    public VerifyPin {
        if (bcd.length < 2 || bcd.length > 6) {
            throw new IllegalArgumentException("a PIN is 2..6 BCD bytes, not " + bcd.length);
        }
        bcd = bcd.clone();
    }

    /** The command for {@code digits}; an IllegalArgumentException when they are no PIN. */
    public static VerifyPin of(String digits) {
        return new VerifyPin(Pin.encode(digits));
    }

    public byte[] build() {
        return new CommandApdu(0x00, INS, 0, 0, bcd).toBytes();
    }

    /**
     * Whether {@code c} is VERIFY without data, {@code 00 20 00 00}: ISO 7816-4's question whether the PIN still needs
     * verifying, answered {@code 9000} (verified), {@code 63Cx} (x tries left) or {@code 6983}, nothing spent.
     */
    public static boolean asksStatus(CommandApdu c) {
        return c.cla() == 0x00 && c.p1() == 0 && c.p2() == 0 && c.lc() == 0;
    }

    /** The card reading the command. */
    public static VerifyPin read(CommandApdu c) throws MalformedApduException {
        c.requireCla("VERIFY PIN", 0x00);
        if (c.p1() != 0 || c.p2() != 0) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "VERIFY PIN takes P1 P2 00 00");
        }
        if (c.lc() < 2 || c.lc() > 6) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "VERIFY PIN takes 2..6 BCD bytes");
        }
        return new VerifyPin(c.data());
    }

    @Override
    public byte[] bcd() {
        return bcd.clone();
    }

    @Override
    public String toString() {
        return "VERIFY PIN ****";
    }

    /** What the card's status word says. */
    public sealed interface Outcome {
        /** The outcome of {@code statusWord}, or null when it is none of VERIFY PIN's answers. */
        static Outcome of(int statusWord) {
            if (statusWord == StatusWord.OK.code()) {
                return new Verified();
            }
            if (statusWord == StatusWord.PIN_BLOCKED.code()) {
                return new Blocked();
            }
            if ((statusWord & 0xFFF0) == 0x63C0) {
                return new Wrong(statusWord & 0x0F);
            }
            return null;
        }
    }

    public record Verified() implements Outcome {
    }

    public record Wrong(int triesLeft) implements Outcome {
    }

    public record Blocked() implements Outcome {
    }
}
