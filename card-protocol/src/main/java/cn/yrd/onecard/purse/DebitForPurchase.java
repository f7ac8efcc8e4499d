package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * DEBIT FOR PURCHASE, {@code 80 54 01 00 0F}: the PSAM's TTC(4), date(4) time(3) and MAC1(4); the purse answers
 * TAC(4) ‖ MAC2(4), or {@code 9302} when MAC1 is wrong.
 */
public record DebitForPurchase(long ttc, LocalDateTime time, byte[] mac1) {
    public static final int INS = 0x54;
    private static final int LC = 15;
    private static final String NAME = "DEBIT FOR PURCHASE";

    public DebitForPurchase {
        CommandFields.fourBytes("TTC", ttc);
        mac1 = CommandFields.fixed("MAC1", mac1, 4);
    }

    public byte[] build() {
        byte[] data = ByteBuffer.allocate(LC).putInt((int) ttc).put(Bcd.dateTime(time)).put(mac1).array();
        return new CommandApdu(0x80, INS, 0x01, 0x00, data).toBytes();
    }

    /** The purse reading the command. */
    public static DebitForPurchase read(CommandApdu c) throws MalformedApduException {
        c.requireCla(NAME, 0x80);
        c.requireP1P2(NAME, 0x01, 0x00);
        c.requireLc(NAME, LC);
        ByteBuffer d = ByteBuffer.wrap(c.data());
        long ttc = CommandFields.unsigned(d);
        LocalDateTime time = CommandFields.dateTime(NAME, CommandFields.take(d, 7));
        return new DebitForPurchase(ttc, time, CommandFields.take(d, 4));
    }

    @Override
    public byte[] mac1() {
        return mac1.clone();
    }

    /** What proves a purchase: the card's TAC (for the clearing house) and MAC2 (for the PSAM). */
    public record Proof(byte[] tac, byte[] mac2) {
        public Proof {
            tac = CommandFields.fixed("TAC", tac, 4);
            mac2 = CommandFields.fixed("MAC2", mac2, 4);
        }

        /** DEBIT's answer: TAC then MAC2. */
        public byte[] encode() {
            return ByteBuffer.allocate(8).put(tac).put(mac2).array();
        }

        /** The terminal reading DEBIT's answer. */
        public static Proof parse(byte[] data) {
            CommandFields.answer(NAME, data, 8);
            return new Proof(Arrays.copyOf(data, 4), Arrays.copyOfRange(data, 4, 8));
        }

        @Override
        public byte[] tac() {
            return tac.clone();
        }

        @Override
        public byte[] mac2() {
            return mac2.clone();
        }
    }
}
