package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;

/**
 * CREDIT FOR LOAD, {@code 80 52 00 00 0B}: date(4) time(3) and the load host's MAC2(4); the purse answers its TAC(4),
 * or {@code 9302} when MAC2 is wrong.
 */
public record CreditForLoad(LocalDateTime time, byte[] mac2) {
    public static final int INS = 0x52;
    private static final int LC = 11;
    private static final String NAME = "CREDIT FOR LOAD";

    public CreditForLoad {
        mac2 = CommandFields.fixed("MAC2", mac2, 4);
    }

    public byte[] build() {
        return new CommandApdu(0x80, INS, 0, 0, ByteBuffer.allocate(LC).put(Bcd.dateTime(time)).put(mac2).array())
                .toBytes();
    }

    /** The purse reading the command. */
    public static CreditForLoad read(CommandApdu c) throws MalformedApduException {
        c.requireCla(NAME, 0x80);
        c.requireP1P2(NAME, 0x00, 0x00);
        c.requireLc(NAME, LC);
        ByteBuffer d = ByteBuffer.wrap(c.data());
        LocalDateTime time = CommandFields.dateTime(NAME, CommandFields.take(d, 7));
        return new CreditForLoad(time, CommandFields.take(d, 4));
    }

    /** The terminal reading the answer: the TAC. */
    public static byte[] tac(byte[] data) {
        CommandFields.answer(NAME, data, 4);
        return data.clone();
    }

    @Override
    public byte[] mac2() {
        return mac2.clone();
    }
}
