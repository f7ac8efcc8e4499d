package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import java.nio.ByteBuffer;

/** GET BALANCE, {@code 80 5C 00 02 04} (P1 03: without overdraft): the balance in fen, 4 bytes. */
public final class GetBalance {
    public static final int INS = 0x5C;
    private static final int LENGTH = 4;

    private GetBalance() {
    }

    public static byte[] build() {
        return new CommandApdu(0x80, INS, 0x00, 0x02, LENGTH).toBytes();
    }

    /** The purse reading the command. */
    public static void read(CommandApdu c) throws MalformedApduException {
        c.requireCla("GET BALANCE", 0x80);
        if ((c.p1() != 0x00 && c.p1() != 0x03) || c.p2() != 0x02) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "GET BALANCE takes P1 00 or 03 and P2 02");
        }
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
