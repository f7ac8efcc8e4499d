package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import java.nio.ByteBuffer;

/**
 * GET BALANCE, {@code 80 5C 00 02 04} (P1 03: without overdraft): the balance in fen, 4 bytes. P1 01 asks for the
 * negative purse, the overdraft in use: reader apps (Metrodroid, CardBal) send it after P1 00 and show the balance net
 * of it, and a real Shanghai card answers it with 4 bytes (docs/conformance.md).
 */
public final class GetBalance {
    public static final int INS = 0x5C;
    private static final int LENGTH = 4;

    private GetBalance() {
    }

    public static byte[] build() {
        return new CommandApdu(0x80, INS, 0x00, 0x02, LENGTH).toBytes();
    }

    /** What a GET BALANCE asks for, by its P1. */
    public enum Asked {
        /** P1 00. */
        BALANCE,
        /** P1 01: the overdraft in use. */
        NEGATIVE_PURSE,
        /** P1 03. */
        BALANCE_WITHOUT_OVERDRAFT
    }

    /** The purse reading the command. */
    public static Asked read(CommandApdu c) throws MalformedApduException {
        c.requireCla("GET BALANCE", 0x80);
        if (c.p2() == 0x02) {
            switch (c.p1()) {
                case 0x00:
                    return Asked.BALANCE;
                case 0x01:
                    return Asked.NEGATIVE_PURSE;
                case 0x03:
                    return Asked.BALANCE_WITHOUT_OVERDRAFT;
                default:
                    break;
            }
        }
        throw new MalformedApduException(StatusWord.WRONG_P1_P2, "GET BALANCE takes P1 00, 01 or 03 and P2 02");
    }

    public static byte[] encode(long balance) {
        return ByteBuffer.allocate(LENGTH).putInt(CommandFields.fourBytes("balance", balance)).array();
    }

    /** The terminal reading the answer. */
    public static long balance(byte[] data) {
        CommandFields.answer("GET BALANCE", data, LENGTH);
        return CommandFields.unsigned(ByteBuffer.wrap(data));
    }
}
